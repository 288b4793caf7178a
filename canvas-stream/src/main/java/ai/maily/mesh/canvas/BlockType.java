package ai.maily.mesh.canvas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a block of a campaign email is, and which content fields it has. */
public enum BlockType {
  @JsonProperty("subject")
  SUBJECT("text"),
  @JsonProperty("preheader")
  PREHEADER("text"),
  @JsonProperty("heading")
  HEADING("text"),
  @JsonProperty("text")
  TEXT("text"),
  @JsonProperty("image")
  IMAGE("src", "alt"),
  @JsonProperty("button")
  BUTTON("text", "href"),
  @JsonProperty("divider")
  DIVIDER;

  private final List<String> contentFields;

  BlockType(String... contentFields) {
    this.contentFields = List.of(contentFields);
  }

  /** The name clients use, e.g. {@code subject}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The content fields a block of this type has: {@code text}, {@code src}, {@code alt}, ... */
  public List<String> contentFields() {
    return contentFields;
  }

  /** Whether a canvas holds at most one block of this type: the email has one subject. */
  public boolean isSingle() {
    return this == SUBJECT || this == PREHEADER;
  }

  public static Optional<BlockType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
  }

  /** Every wire name, for problems that list them. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(BlockType::wireName).toList();
  }
}
