package io.hookstream.standalone;

import io.hookstream.signing.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * A secret the standalone makes up when its variable is not set: generated once, kept in a file of
 * the data dir readable by its owner only, and reused after restarts.
 */
enum KeptSecret {
  ADMIN_TOKEN("HOOKSTREAM_ADMIN_TOKEN", "admin-token", KeptSecret::adminToken),
  MASTER_KEY(SecretBox.VARIABLE, "master-key", SecretBox::generateKey);

  final String variable;
  final String file;
  private final Supplier<String> generator;

  KeptSecret(String variable, String file, Supplier<String> generator) {
    this.variable = variable;
    this.file = file;
    this.generator = generator;
  }

  String loadOrCreate(Path dataDir) {
    Path path = dataDir.resolve(file);
    try {
      if (Files.exists(path)) {
        return Files.readString(path, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(dataDir);
      String value = generator.get();
      Files.writeString(path, value + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's permissions apply
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + variable + " in " + path, e);
    }
  }

  private static String adminToken() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return "hsa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
