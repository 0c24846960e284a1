package io.github.camelcopilot.app;

import java.nio.file.Path;

/** Files at the repository root (routes/, config/, deploy/, docker-compose.yml...), which the build names. */
final class Repository {

    private static final Path ROOT = Path.of(System.getProperty("copilot.root", "..")).toAbsolutePath().normalize();

    private Repository() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }
}
