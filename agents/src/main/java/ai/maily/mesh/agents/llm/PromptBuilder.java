package ai.maily.mesh.agents.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds a {@link Prompt}: the mesh's instructions, which may only be the mesh's own text, and the
 * users' content, which may be anything and only ever becomes a data block.
 */
public final class PromptBuilder {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  private final List<String> instructions = new ArrayList<>();
  private final List<Prompt.DataBlock> data = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  PromptBuilder() {}

  /**
   * Adds a paragraph of the mesh's own instructions to the system message. Never pass user content
   * here; that is what {@link #data} and {@link #text} are for.
   */
  public PromptBuilder instructions(String paragraph) {
    if (paragraph.isBlank()) {
      throw new IllegalArgumentException("instructions must not be blank");
    }
    instructions.add(paragraph.strip());
    return this;
  }

  /**
   * Adds user content as the data block {@code name}.
   *
   * @param name lower-case letters, digits and dashes, starting with a letter; unique in the prompt
   */
  public PromptBuilder data(String name, JsonNode value) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a data block's name is 1 to 40 lower-case letters, digits and dashes, got '"
              + name
              + "'");
    }
    if (!names.add(name)) {
      throw new IllegalArgumentException("the prompt already has a data block '" + name + "'");
    }
    data.add(new Prompt.DataBlock(name, value.deepCopy()));
    return this;
  }

  /** Adds user text as the data block {@code name}, as a JSON string. */
  public PromptBuilder text(String name, String value) {
    return data(name, TextNode.valueOf(value));
  }

  /**
   * The prompt.
   *
   * @throws IllegalStateException without instructions
   */
  public Prompt build() {
    if (instructions.isEmpty()) {
      throw new IllegalStateException("a prompt needs instructions");
    }
    return new Prompt(instructions, data);
  }
}
