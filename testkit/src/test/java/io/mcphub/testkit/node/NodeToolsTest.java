package io.mcphub.testkit.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeToolsTest {

    @Test
    void node_isVersion22() throws Exception {
        NodeTools tools = NodeTools.get();
        Process p = new ProcessBuilder(tools.node().toString(), "--version")
                .redirectErrorStream(true)
                .start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(version.startsWith("v22."), version);
    }

    @Test
    void npmBin_runsAPackageBinWithNode22() throws Exception {
        Process p = NodeTools.get()
                .npmBin("@modelcontextprotocol/conformance", "--version")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("0.1.16", out);
    }

    @Test
    void repoRoot_holdsTheInstallScriptAndToolsDirIsUnderIt() {
        NodeTools tools = NodeTools.get();
        assertTrue(Files.isRegularFile(tools.repoRoot().resolve("tools/install-test-deps.sh")));
        assertEquals(tools.repoRoot().resolve(".tools"), tools.toolsDir());
        assertTrue(Files.isDirectory(tools.packageDir("@modelcontextprotocol/sdk")));
    }
}
