# The packaged service on a JRE 25. Build the jar first: ./mvnw -DskipTests package
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY target/privatelink-control-plane-*.jar /app/control-plane.jar
RUN useradd --system --uid 10001 controlplane
USER controlplane
EXPOSE 8080
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-jar", "/app/control-plane.jar"]
