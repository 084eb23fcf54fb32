package io.hookstream.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The standalone's admin token when {@code HOOKSTREAM_ADMIN_TOKEN} is not set: generated once,
 * kept in {@code <data dir>/admin-token} (readable by its owner only), reused after restarts.
 */
final class AdminToken {
  static final String FILE = "admin-token";

  private AdminToken() {}

  static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(dataDir);
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String token = "hsa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's permissions apply
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the admin token in " + file, e);
    }
  }

}
