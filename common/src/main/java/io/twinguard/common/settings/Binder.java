package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.InvalidValue;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds a settings tree to {@link TwinguardSettings} with Jackson (records through their
 * constructors, snake_case keys, no unknown or missing key), and turns Jackson's and the records'
 * refusals into a {@link SettingsException} naming the setting and the value's source.
 */
final class Binder {

  private Binder() {}

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // every setting must be in the defaults, so a component the file forgot is a bug, not a zero
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      // text settings want text: YAML's 0123 or yes must be quoted rather than silently become "83" or "true"
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .addModule(new SimpleModule("twinguard-settings").addDeserializer(Path.class, new PathDeserializer()))
      .build();

  /**
   * @throws SettingsException naming the first refused setting and its source
   */
  static TwinguardSettings bind(SettingsTree tree) {
    try {
      return MAPPER.convertValue(tree.nested(), TwinguardSettings.class);
    } catch (JacksonException e) {
      throw refusal(e, tree);
    }
  }

  private static RuntimeException refusal(JacksonException e, SettingsTree tree) {
    List<JacksonException.Reference> references = e.getPath();
    String path = references.stream().map(JacksonException.Reference::getPropertyName)
        .filter(name -> name != null).collect(Collectors.joining("."));
    InvalidValue invalid = invalidValue(e);
    if (invalid != null) {
      String leaf = path.isEmpty() ? invalid.leaf() : path + "." + invalid.leaf();
      return message(tree, leaf, invalid.requirement() + (invalid.showsValue() ? ", not '" + invalid.shown() + "'" : ""), e);
    }
    if (!tree.isSetting(path)) {
      // no value of a setting is at fault: the defaults and the records disagree, a bug of ours
      return new IllegalStateException("cannot bind the settings at '" + path + "': " + e.getOriginalMessage(), e);
    }
    boolean inList = !references.isEmpty() && references.get(references.size() - 1).getPropertyName() == null;
    String shown = tree.isEmpty(path) ? "" : SettingsTree.shown(tree.leaf(path).value());
    return message(tree, path, (inList ? "must be a list of text" : requirement(e)) + ", not '" + shown + "'", e);
  }

  /** {@code path requirement (from source)}; a path that is no setting is a record refusing a section. */
  private static SettingsException message(SettingsTree tree, String path, String requirement, Throwable cause) {
    SettingSource source = tree.isSetting(path) ? tree.leaf(path).source() : new SettingSource.Default("");
    return new SettingsException(path + " " + requirement + " (from " + source.name() + ")", path, source, cause);
  }

  private static InvalidValue invalidValue(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidValue invalid) {
        return invalid;
      }
    }
    return null;
  }

  /** What a value of the wanted type must be, in words. */
  private static String requirement(JacksonException e) {
    Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType()
        : e instanceof InputCoercionException c ? c.getTargetType() : null;
    if (type == null) {
      return "is not valid";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return e instanceof InputCoercionException ? "must be a whole number in range" : "must be a whole number";
    }
    if (type.isEnum()) {
      return "must be one of " + Arrays.stream(type.getEnumConstants())
          .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
    if (type == URI.class) {
      return "must be a URL";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "must be a list of text";
    }
    if (type == Path.class) {
      return "must be a path";
    }
    if (type == String.class || type == Optional.class) {
      return "must be text";
    }
    return "must be a mapping of settings";
  }

  /** A path as the platform reads it; Jackson's own reads a text with a colon as a URI. */
  private static final class PathDeserializer extends StdScalarDeserializer<Path> {

    PathDeserializer() {
      super(Path.class);
    }

    @Override
    public Path deserialize(JsonParser parser, DeserializationContext context) {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Path) context.handleUnexpectedToken(Path.class, parser);
      }
      String text = parser.getString();
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        return (Path) context.handleWeirdStringValue(Path.class, text, e.getReason());
      }
    }
  }
}
