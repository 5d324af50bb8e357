# mcphub-java on a JRE. Build the jars first (from the repository root):
#   mvn -B package -DskipTests         -> app/target/mcphub.jar, testkit/target/fixture-server.jar
#   docker build -t mcphub-java .
# Every mode (standalone, coordinator, node) is this one image with a different /app/mcp_settings.json.
FROM eclipse-temurin:17-jre

# npx, for mcpServers entries that run Node MCP servers (remove these two lines if you run only Java or remote servers)
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm curl && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY app/target/mcphub.jar /app/mcphub.jar
# the project's fixture MCP server, used by the sample configs (FIXTURE_JAR)
COPY testkit/target/fixture-server.jar /app/fixture-server.jar
ENV FIXTURE_JAR=/app/fixture-server.jar \
    PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://localhost:3000/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/mcphub.jar", "--config", "/app/mcp_settings.json"]
