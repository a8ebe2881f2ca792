package io.twinguard.broker.admission;

import io.netty.handler.codec.http.HttpUtil;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a call's body must be: JSON (RFC 8259) as UTF-8, declared as exactly {@code application/json}
 * (RFC 9110 section 8.3), with no parameter but an optional {@code charset=utf-8}. Near misses such
 * as {@code application/json-seq} or {@code application/jsonx} are other media types.
 */
public final class JsonBody {

  private JsonBody() {}

  /** Why {@code contentType} is not the JSON media type, or empty when it is. */
  public static Optional<String> mediaTypeProblem(String contentType) {
    if (contentType == null) {
      return Optional.of("the payload needs Content-Type: application/json");
    }
    String mime = String.valueOf(HttpUtil.getMimeType(contentType)).trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      return Optional.of("the payload must be application/json, not " + mime);
    }
    int semicolon = contentType.indexOf(';');
    if (semicolon >= 0) {
      Charset charset = HttpUtil.getCharset(contentType, null);
      boolean onlyCharset = contentType.substring(semicolon + 1).split(";", -1).length == 1;
      if (charset == null || !charset.equals(StandardCharsets.UTF_8) || !onlyCharset) {
        return Optional.of("application/json takes no parameter but charset=utf-8");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code body} is well-formed UTF-8 (no malformed or unpaired sequence). */
  public static boolean isUtf8(Buffer body) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
