package io.twinguard.consent.portal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymousSubjectsTest {

  /** The subject ids the broker admits in Twin-Subjects (broker admission.Subjects). */
  static final Pattern BROKER_SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  static final String ISSUER = "http://127.0.0.1:18080/realms/twinguard";

  @TempDir Path dir;

  @Test
  void subjectOf_manyUsers_isAnIdTheBrokerAdmits() {
    PseudonymousSubjects subjects = new PseudonymousSubjects(new byte[32]);

    for (int i = 0; i < 2_000; i++) {
      String subject = subjects.subjectOf(ISSUER, UUID.randomUUID().toString());
      assertTrue(BROKER_SUBJECT.matcher(subject).matches(), subject);
      assertEquals("citizen-".length() + 32, subject.length(), subject);
    }
  }

  @Test
  void subjectOf_sameUserAndKey_isStable_otherUserOrKey_differs() {
    byte[] key = new byte[32];
    byte[] other = new byte[32];
    other[0] = 1;

    String alice = new PseudonymousSubjects(key).subjectOf(ISSUER, "alice-sub");

    assertEquals(alice, new PseudonymousSubjects(key).subjectOf(ISSUER, "alice-sub"));
    assertNotEquals(alice, new PseudonymousSubjects(key).subjectOf(ISSUER, "bob-sub"));
    assertNotEquals(alice, new PseudonymousSubjects(other).subjectOf(ISSUER, "alice-sub"));
  }

  @Test
  void loadOrCreate_missingFile_createsAnOwnerOnlyKeyThatTheNextLoadReuses() throws Exception {
    Path file = dir.resolve("keys/consent-subject-key");

    String first = PseudonymousSubjects.loadOrCreate(file).subjectOf(ISSUER, "alice-sub");
    byte[] written = Files.readAllBytes(file);

    assertEquals(32, written.length);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first, PseudonymousSubjects.loadOrCreate(file).subjectOf(ISSUER, "alice-sub"));
    assertArrayEquals(written, Files.readAllBytes(file));
  }

  @Test
  void loadOrCreate_shortKey_isRefused() throws Exception {
    Path file = dir.resolve("short-key");
    Files.write(file, new byte[16]);

    assertThrows(IllegalArgumentException.class, () -> PseudonymousSubjects.loadOrCreate(file));
  }
}
