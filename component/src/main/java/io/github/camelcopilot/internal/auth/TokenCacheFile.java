package io.github.camelcopilot.internal.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;

/**
 * Persists an MSAL token cache in one file. It holds refresh tokens, so it is readable by its owner only, and written
 * atomically (a temporary file replaces it) so that no reader sees half a cache. It is read again whenever it changed,
 * so that a {@code login} run while routes are up takes effect without a restart.
 */
public final class TokenCacheFile implements ITokenCacheAccessAspect {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private FileTime lastRead;

    public TokenCacheFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public synchronized void beforeCacheAccess(ITokenCacheAccessContext context) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(lastRead)) {
                return;
            }
            context.tokenCache().deserialize(Files.readString(file, StandardCharsets.UTF_8));
            lastRead = modified;
        } catch (NoSuchFileException e) {
            // Nobody has signed in yet: the cache starts empty.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the token cache file " + file, e);
        }
    }

    @Override
    public synchronized void afterCacheAccess(ITokenCacheAccessContext context) {
        if (!context.hasCacheChanged()) {
            return;
        }
        try {
            write(context.tokenCache().serialize());
            lastRead = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the token cache file " + file, e);
        }
    }

    private void write(String cache) throws IOException {
        Path folder = file.getParent();
        Files.createDirectories(folder);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path temporary = posix
                ? Files.createTempFile(folder, file.getFileName().toString(), ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        try {
            if (!posix) {
                ownerOnly(temporary);
            }
            Files.writeString(temporary, cache, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Without POSIX permissions (Windows): take read and write away from everybody but the owner. */
    private static void ownerOnly(Path path) {
        var file = path.toFile();
        file.setReadable(false, false);
        file.setWritable(false, false);
        file.setExecutable(false, false);
        file.setReadable(true, true);
        file.setWritable(true, true);
    }

    @Override
    public String toString() {
        return "TokenCacheFile[" + file + "]";
    }
}
