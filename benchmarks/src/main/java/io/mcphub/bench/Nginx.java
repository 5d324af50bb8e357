package io.mcphub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** nginx from .tools/nginx (Debian's package, unpacked), in front of one node, sticky on Mcp-Session-Id. */
final class Nginx {
    private Nginx() {}

    static Proc start(Env env, int port, int upstreamPort) throws IOException {
        return start(
                env, port, "hash $http_mcp_session_id consistent;\n        server 127.0.0.1:" + upstreamPort + ";");
    }

    /** nginx round-robin, no stickiness, in front of several coordinators (part 6). */
    static Proc roundRobin(Env env, int port, List<Integer> upstreamPorts) throws IOException {
        StringBuilder servers = new StringBuilder();
        for (int p : upstreamPorts) {
            servers.append("server 127.0.0.1:").append(p).append(";\n        ");
        }
        return start(env, port, servers.toString());
    }

    private static Proc start(Env env, int port, String upstream) throws IOException {
        Path home = env.tools.resolve("nginx");
        Path bin = home.resolve("usr/sbin/nginx");
        if (!Files.exists(bin)) {
            throw new IOException("nginx is not installed: bash tools/install-bench-deps.sh");
        }
        Path prefix = env.run.resolve("nginx");
        for (String d : List.of("logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(prefix.resolve(d));
        }
        String conf = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream mcpnode {
                        %2$s
                        keepalive 64;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://mcpnode;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                            proxy_buffering off;
                            proxy_cache off;
                            proxy_read_timeout 1h;
                        }
                    }
                }
                """.formatted(prefix, upstream, port);
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        String libs = home.resolve("lib") + ":" + home.resolve("usr/lib/x86_64-linux-gnu") + ":"
                + home.resolve("lib/x86_64-linux-gnu");
        Proc p = Proc.start(
                "nginx",
                env.run,
                List.of(
                        bin.toString(),
                        "-p",
                        prefix.toString(),
                        "-c",
                        file.toString(),
                        "-e",
                        prefix.resolve("logs/error.log").toString()),
                Map.of("LD_LIBRARY_PATH", libs));
        return p;
    }

    static String version(Env env) {
        try {
            Path home = env.tools.resolve("nginx");
            Process p = new ProcessBuilder(home.resolve("usr/sbin/nginx").toString(), "-v")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.replace("nginx version: ", "");
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
