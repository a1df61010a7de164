-- The next version of the credentials read model in the blue-green rebuild test: a new table, built by a new
-- processor while the old one keeps serving. A real release ships such a migration in db/migration/common.
create table qr_credential_v2 (
    credential_id varchar(64)  not null,
    name          varchar(255) not null,
    name_key      varchar(255) not null,
    provider      varchar(64)  not null,
    status        varchar(16)  not null,
    constraint pk_qr_credential_v2 primary key (credential_id)
);
