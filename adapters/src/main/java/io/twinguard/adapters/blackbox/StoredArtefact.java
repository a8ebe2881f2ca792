package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.ArtefactDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A private, read-only copy of a model artefact (an executable, an FMU) and the SHA-256 of exactly
 * the bytes copied. The sandbox runs the copy, so the digest names what answers even if the
 * owner's file changes later; a new version is a new registration with a new digest.
 *
 * @param path the copy, in its own directory under the store
 * @param digest the SHA-256 of the copy
 */
public record StoredArtefact(Path path, ArtefactDigest digest) {

  public StoredArtefact {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(digest, "digest");
  }

  /**
   * Copies {@code source} into a new private directory under {@code store}, hashing it on the way.
   * Blocking.
   *
   * @param executable whether the copy may be executed
   * @throws IOException when the source cannot be read or the store written
   */
  public static StoredArtefact copy(Path source, Path store, String label, boolean executable) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new IOException("not a readable file: " + source);
    }
    Files.createDirectories(store, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path dir = Files.createTempDirectory(store, "artefact-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path copy = dir.resolve(source.getFileName());
    MessageDigest sha256 = ArtefactDigest.newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(source), sha256);
         OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW)) {
      in.transferTo(out);
    }
    // owner only: other users of the host never read the model; the sandbox's user maps to the owner
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(executable ? "r-x------" : "r--------"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    return new StoredArtefact(copy, new ArtefactDigest(HexFormat.of().formatHex(sha256.digest()), label));
  }

  /** Whether the copy is still there with the same bytes. Blocking. */
  public boolean intact() {
    try (InputStream in = Files.newInputStream(path)) {
      MessageDigest sha256 = ArtefactDigest.newSha256();
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha256.digest()).equals(digest.sha256());
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes the copy and its directory. Blocking. */
  public void delete() throws IOException {
    Path dir = path.getParent();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.deleteIfExists(path);
    Files.deleteIfExists(dir);
  }
}
