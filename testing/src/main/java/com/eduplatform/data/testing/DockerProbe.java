package com.eduplatform.data.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers can be used: a Docker engine is plausibly there, and then it answers. */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean engineAnswers() {
        if ("false".equalsIgnoreCase(PostgresServer.setting("edudata.db.testcontainers"))) {
            return false;
        }
        boolean plausible = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!plausible) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
