# One image recipe for both applications: docker build --build-arg APP=command-side (or query-side) .
# docker-compose.yml at the repository root builds both and runs them over PostgreSQL.
# Stage 1 builds with the Maven wrapper, stage 2 runs the Spring Boot jar on a JRE as an unprivileged user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY shared-api shared-api
COPY platform platform
COPY command-side command-side
COPY query-side query-side
COPY e2e-tests/pom.xml e2e-tests/pom.xml
COPY benchmarks/pom.xml benchmarks/pom.xml
ARG APP=command-side
# Extra Maven profiles, comma-separated: MAVEN_PROFILES=axonserver adds the Axon Server connector. Empty by default.
ARG MAVEN_PROFILES=
RUN ./mvnw -B -q -DskipTests ${MAVEN_PROFILES:+-P${MAVEN_PROFILES}} -pl ${APP} -am package \
 && cp ${APP}/target/${APP}-*.jar /app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 registry && mkdir -p /data && chown registry /data
USER registry
WORKDIR /home/registry
COPY --from=build /app.jar /app.jar
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    REGISTRY_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /data
ENTRYPOINT ["java", "-Daxoniq.update-checker.disabled=true", "-jar", "/app.jar"]
