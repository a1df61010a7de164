package io.credreg.e2e.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * An Evolution platform's database to import from: its four OpenAI tables, created in a PostgreSQL schema of their
 * own ({@link #SCHEMA}, dropped and recreated each time) as Evolution API v2's Prisma migrations create them (quoted,
 * mixed-case names, text ids, a Postgres enum, the columns the import does not read), but without the unique and
 * foreign-key constraints that the messy rows of a real installation (restored from a dump, written by older
 * versions) break: duplicate instance names, dangling references, null keys.
 */
public final class EvolutionSourceDatabase {

    public static final String SCHEMA = "evolution_e2e";

    private static final String[] DDL = {
        "CREATE TYPE \"OpenaiBotType\" AS ENUM ('assistant', 'chatCompletion')",
        """
        CREATE TABLE "Instance" (
            "id" TEXT NOT NULL,
            "name" VARCHAR(255),
            "connectionStatus" VARCHAR(20) NOT NULL DEFAULT 'open',
            "ownerJid" VARCHAR(100),
            "integration" VARCHAR(100),
            "token" VARCHAR(255),
            "createdAt" TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            "updatedAt" TIMESTAMP,
            CONSTRAINT "Instance_pkey" PRIMARY KEY ("id"))""",
        """
        CREATE TABLE "OpenaiCreds" (
            "id" TEXT NOT NULL,
            "name" VARCHAR(255),
            "apiKey" VARCHAR(255),
            "createdAt" TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            "updatedAt" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            "instanceId" TEXT NOT NULL,
            CONSTRAINT "OpenaiCreds_pkey" PRIMARY KEY ("id"))""",
        """
        CREATE TABLE "OpenaiBot" (
            "id" TEXT NOT NULL,
            "enabled" BOOLEAN DEFAULT true,
            "description" VARCHAR(255),
            "botType" "OpenaiBotType" NOT NULL DEFAULT 'chatCompletion',
            "model" VARCHAR(100),
            "systemMessages" JSONB,
            "expire" INTEGER DEFAULT 0,
            "createdAt" TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            "updatedAt" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            "openaiCredsId" TEXT,
            "instanceId" TEXT NOT NULL,
            CONSTRAINT "OpenaiBot_pkey" PRIMARY KEY ("id"))""",
        """
        CREATE TABLE "OpenaiSetting" (
            "id" TEXT NOT NULL,
            "expire" INTEGER DEFAULT 0,
            "keywordFinish" VARCHAR(100),
            "speechToText" BOOLEAN DEFAULT false,
            "createdAt" TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            "updatedAt" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            "openaiCredsId" TEXT,
            "openaiIdFallback" VARCHAR(100),
            "instanceId" TEXT NOT NULL,
            CONSTRAINT "OpenaiSetting_pkey" PRIMARY KEY ("id"))""",
    };

    private final Database.PgSettings server;

    private EvolutionSourceDatabase(Database.PgSettings server) {
        this.server = server;
    }

    /** Creates the empty tables; skips (or fails) like the PostgreSQL tests when no PostgreSQL is configured. */
    public static EvolutionSourceDatabase create() {
        EvolutionSourceDatabase source = new EvolutionSourceDatabase(Database.postgresSourceOrSkip());
        try (Connection c = source.server.connect(); Statement s = c.createStatement()) {
            s.execute("SET client_min_messages = warning");
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path TO " + SCHEMA);
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the Evolution tables in " + source.server.url() + ": "
                    + e.getMessage(), e);
        }
        return source;
    }

    /** The JDBC URL the import reads from: the database, with the schema as the search path. */
    public String url() {
        return server.url() + (server.url().contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public void instance(String id, String name) {
        insert("insert into \"Instance\" (\"id\", \"name\", \"token\") values (?, ?, md5(random()::text))", id, name);
    }

    public void creds(String id, String name, String apiKey, String instanceId) {
        insert("insert into \"OpenaiCreds\" (\"id\", \"name\", \"apiKey\", \"instanceId\") values (?, ?, ?, ?)",
                id, name, apiKey, instanceId);
    }

    public void setting(String id, String instanceId, String credsId) {
        insert("insert into \"OpenaiSetting\" (\"id\", \"instanceId\", \"openaiCredsId\", \"keywordFinish\") "
                + "values (?, ?, ?, '#sair')", id, instanceId, credsId);
    }

    public void bot(String id, String instanceId, String credsId, Boolean enabled) {
        insert("insert into \"OpenaiBot\" (\"id\", \"instanceId\", \"openaiCredsId\", \"enabled\", \"model\", "
                + "\"systemMessages\") values (?, ?, ?, ?, 'gpt-4o-mini', '[\"Be brief.\"]'::jsonb)",
                id, instanceId, credsId, enabled);
    }

    private void insert(String sql, Object... values) {
        try (Connection c = server.connect(); Statement schema = c.createStatement()) {
            schema.execute("SET search_path TO " + SCHEMA);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == null) {
                        s.setNull(i + 1, Types.OTHER); // the server infers the column's type
                    } else {
                        s.setObject(i + 1, values[i]);
                    }
                }
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert into the Evolution tables: " + e.getMessage(), e);
        }
    }
}
