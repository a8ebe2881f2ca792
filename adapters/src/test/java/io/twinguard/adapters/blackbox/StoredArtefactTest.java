package io.twinguard.adapters.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private copies of model artefacts and their digests. */
class StoredArtefactTest {

  @TempDir
  Path dir;

  @Test
  void copy_hashesTheBytesAsSha256() throws IOException {
    Path source = Files.writeString(dir.resolve("model"), "abc");

    StoredArtefact stored = StoredArtefact.copy(source, dir.resolve("store"), "executable model", true);

    // FIPS 180-2, appendix B.1: SHA-256("abc")
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", stored.digest().sha256());
    assertEquals("sha-256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", stored.digest().uri());
    assertEquals("abc", Files.readString(stored.path(), StandardCharsets.UTF_8));
  }

  @Test
  void copy_isReadableByItsOwnerOnly() throws IOException {
    Path source = Files.writeString(dir.resolve("model.fmu"), "zip");

    StoredArtefact stored = StoredArtefact.copy(source, dir.resolve("store"), "fmu model.fmu", false);

    assertEquals(PosixFilePermissions.fromString("r--------"), Files.getPosixFilePermissions(stored.path()));
    assertEquals(PosixFilePermissions.fromString("r-x------"), Files.getPosixFilePermissions(stored.path().getParent()));
  }

  @Test
  void intact_afterDelete_isFalse() throws IOException {
    StoredArtefact stored = StoredArtefact.copy(Files.writeString(dir.resolve("m"), "x"), dir.resolve("store"), "m", true);
    assertTrue(stored.intact());

    stored.delete();

    assertFalse(stored.intact());
    assertFalse(Files.exists(stored.path().getParent()));
  }

  @Test
  void copy_whenSourceIsADirectory_fails() {
    assertThrows(IOException.class, () -> StoredArtefact.copy(dir, dir.resolve("store"), "dir", true));
  }
}
