package io.twinguard.examples.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.error.PSystemError;

/** Renders PlantUML sequence diagrams to SVG with PlantUML itself (no Graphviz, nothing fetched). */
final class Svg {

  private Svg() {}

  /**
   * The SVG of {@code plantUml}.
   *
   * @throws IOException when the source is no valid diagram (PlantUML would draw its error as an
   *     image) or PlantUML cannot render it
   */
  static String render(String plantUml) throws IOException {
    SourceStringReader reader = new SourceStringReader(plantUml);
    if (reader.getBlocks().isEmpty() || reader.getBlocks().get(0).getDiagram() instanceof PSystemError) {
      throw new IOException("PlantUML refused the diagram: " + plantUml.lines().limit(8).toList());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reader.outputImage(out, new FileFormatOption(FileFormat.SVG));
    String svg = out.toString(StandardCharsets.UTF_8);
    if (!svg.contains("<svg")) {
      throw new IOException("PlantUML drew no SVG");
    }
    return svg;
  }

  /** The SVG without its XML declaration, to place in an HTML page. */
  static String inline(String svg) {
    int start = svg.indexOf("<svg");
    return svg.substring(start);
  }
}
