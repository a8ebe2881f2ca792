package io.twinguard.policies.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Reads the files of a bundle, as {@code opa build} writes it (a gzipped tar) or as a directory.
 * Names are relative to the bundle root, without a leading {@code /}.
 */
public final class BundleFiles {

  /** The bundle built into this jar by the Maven build (Wasm, with the project version as revision). */
  public static final String BUNDLED = "/io/twinguard/policies/bundle.tar.gz";

  /** The Rego sources and tests built into this jar, for {@code twinguard policy test}. */
  public static final String BUNDLED_SOURCES = "/io/twinguard/policies/rego.tar.gz";

  private BundleFiles() {}

  /** The files of a gzipped tar; throws IllegalArgumentException when it is not one. */
  public static Map<String, byte[]> fromTarGz(byte[] tarGz) {
    try (InputStream in = new ByteArrayInputStream(tarGz)) {
      return fromTarGz(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a gzipped tar bundle: " + e.getMessage(), e);
    }
  }

  /** The files of a gzipped tar stream. */
  public static Map<String, byte[]> fromTarGz(InputStream in) throws IOException {
    return fromTarGz(in, Long.MAX_VALUE);
  }

  /**
   * The files of a gzipped tar from an untrusted source: reading stops, and the call fails, as soon
   * as the files unpacked exceed {@code maxBytes} together (a small upload must not unpack to
   * gigabytes).
   *
   * @throws IllegalArgumentException when it is not a gzipped tar or unpacks to more than maxBytes
   */
  public static Map<String, byte[]> fromTarGz(byte[] tarGz, long maxBytes) {
    try (InputStream in = new ByteArrayInputStream(tarGz)) {
      return fromTarGz(in, maxBytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a gzipped tar bundle: " + e.getMessage(), e);
    }
  }

  private static Map<String, byte[]> fromTarGz(InputStream in, long maxBytes) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    long total = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          // one byte more than the room left tells a file that overflows it from one that fills it
          long room = maxBytes - total;
          byte[] content = tar.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, room < Long.MAX_VALUE ? room + 1 : room));
          total += content.length;
          if (total > maxBytes) {
            throw new IOException("the files unpack to more than " + maxBytes + " bytes");
          }
          files.put(Bundle.strip(entry.getName()), content);
        }
      }
    }
    return files;
  }

  /** The files under a directory (a bundle that {@code opa build} was not asked to pack). */
  public static Map<String, byte[]> fromDirectory(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
      }
    }
    return files;
  }

  /**
   * A gzipped tar of {@code files} (names relative to the bundle root), in name order with fixed
   * times and owners, so that the same files always give the same bytes.
   */
  public static byte[] toTarGz(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry("/" + file.getKey());
        entry.setSize(file.getValue().length);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The files of the bundle built into this jar. */
  public static Map<String, byte[]> bundled() {
    return resource(BUNDLED);
  }

  /** The files of a gzipped tar resource of this jar. */
  public static Map<String, byte[]> resource(String name) {
    try (InputStream in = BundleFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + name + ": build it with Maven");
      }
      return fromTarGz(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
