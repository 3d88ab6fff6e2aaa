# Keycloak 26.7.3 with this extension built in. Used by docker-compose.yml; also a starting point for
# your own image. Build context: the repository root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
COPY themes themes
RUN mvn -q -B -DskipTests package \
 && cp target/keycloak-compromised-credentials-*.jar /compromised-credentials.jar

FROM quay.io/keycloak/keycloak:26.7.3
COPY --from=build /compromised-credentials.jar /opt/keycloak/providers/
RUN /opt/keycloak/bin/kc.sh build --db=postgres --health-enabled=true
# The outbox's email senders run at the OS's lowest priority, so that a burst of emails takes only the CPU time logins
# leave (docs/server-options.md). As a non-root user the JVM warns that priorities may need root: lowering them does not.
ENV JAVA_OPTS_APPEND="-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19"
