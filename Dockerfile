# The runnable app: build the jar first (mvn -B -q package -DskipTests), then `docker compose up --build`.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/camel-copilot-app.jar /app/camel-copilot-app.jar
# routes/, config/ and data/ are mounted by docker-compose.yml, which also sets CAMEL_SERVER_HOST=0.0.0.0: the app
# listens on loopback only unless told otherwise.
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/camel-copilot-app.jar"]
