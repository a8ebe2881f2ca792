package io.twinguard.broker.forward;

import io.vertx.core.buffer.Buffer;

/**
 * What the target twin answered.
 *
 * @param status the HTTP status
 * @param contentType the content type, empty when none was given
 * @param body the body
 */
public record Upstream(int status, String contentType, Buffer body) {}
