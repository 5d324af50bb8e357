# mcphub-java in a container: one image for every mode (standalone, coordinator, node), chosen by the settings file.
#
#   docker build -t mcphub-java .                                   (from the repository root; needs BuildKit)
#   docker run -p 3000:3000 mcphub-java                             (the sample settings: the demo fixture servers)
#   docker run -p 8080:8080 -e PORT=8080 -v $PWD/mcp_settings.json:/app/mcp_settings.json:ro mcphub-java
#
# Build arguments (every image is an ARG, so a mirror or a locally built image can stand in for any of them;
# tools/compose-test.sh builds all of them from Debian's packages on a machine without an image registry):
#   BUILD_IMAGE  JDK 17+ and Maven, to build the jars
#   BASE_IMAGE   the runtime: a JRE 17+ with bash (java on the PATH)
#   NODE_IMAGE   where Node 22 comes from (/usr/local/bin/node and /usr/local/lib/node_modules/npm, as in node:22)
#   UV_IMAGE     where uv and uvx come from (/uv and /uvx, as in astral-sh's uv image)
#   WITH_NODE    yes: node, npm and npx for stdio servers started with npx (MCP servers want Node 20+); no: slim
#   WITH_UV      yes: uv and uvx for Python stdio servers started with uvx; no: slim
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG BASE_IMAGE=eclipse-temurin:17-jre
ARG NODE_IMAGE=node:22-bookworm-slim
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.8
ARG WITH_NODE=yes
ARG WITH_UV=yes

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# the Maven repository is a build cache, so a rebuild after a code change downloads nothing
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl app/launcher,testkit -am package \
    && cp app/target/mcphub.jar testkit/target/fixture-server.jar /

# Optional tools: BuildKit builds only the stages the final image uses, so WITH_NODE=no never fetches NODE_IMAGE.
FROM ${NODE_IMAGE} AS node-source
FROM ${BASE_IMAGE} AS node-yes
COPY --from=node-source /usr/local/bin/node /opt/node/bin/node
COPY --from=node-source /usr/local/lib/node_modules/npm /opt/node/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /opt/node/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /opt/node/bin/npx
FROM ${BASE_IMAGE} AS node-no
RUN mkdir -p /opt/node/bin
FROM node-${WITH_NODE} AS node

FROM ${UV_IMAGE} AS uv-source
FROM ${BASE_IMAGE} AS uv-yes
COPY --from=uv-source /uv /uvx /opt/uv/bin/
FROM ${BASE_IMAGE} AS uv-no
RUN mkdir -p /opt/uv/bin
FROM uv-${WITH_UV} AS uv

FROM ${BASE_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin mcphub \
    && mkdir -p /app && chown mcphub:mcphub /app
COPY --from=node /opt/node/ /opt/node/
COPY --from=uv /opt/uv/bin/ /opt/uv/bin/
COPY --from=build /mcphub.jar /fixture-server.jar /app/
# The sample settings run the project's fixture MCP server (FIXTURE_JAR); mount your own file over it.
COPY sample-configs/standalone.json /app/mcp_settings.json
ENV PATH=/opt/node/bin:/opt/uv/bin:$PATH \
    HOME=/app \
    PORT=3000 \
    MCPHUB_SETTING_PATH=/app/mcp_settings.json \
    FIXTURE_JAR=/app/fixture-server.jar
WORKDIR /app
USER mcphub
EXPOSE 3000
# liveness: GET /health on whatever port PORT says (under BASE_PATH too, if routes are prefixed); bash's /dev/tcp,
# so the image needs no curl
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["bash", "-c", \
    "for p in \"${BASE_PATH%/}/health\" /health; do exec 3<>/dev/tcp/127.0.0.1/${PORT:-3000} || exit 1; printf 'GET %s HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' \"$p\" >&3; head -n 1 <&3 | grep -q ' 200 ' && exit 0; exec 3<&-; done; exit 1"]
ENTRYPOINT ["java", "-jar", "/app/mcphub.jar"]
