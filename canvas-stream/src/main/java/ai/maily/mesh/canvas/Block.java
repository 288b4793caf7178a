package ai.maily.mesh.canvas;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One block of a canvas: what it is, where it sits, and what it shows.
 *
 * @param id the block's id, {@code [A-Za-z0-9_-]{1,64}}
 * @param type what the block is; never changes
 * @param x left edge
 * @param y top edge
 * @param w width, positive
 * @param h height, positive
 * @param z stacking order; higher is in front
 * @param content what the block shows; only its type's fields are set
 */
public record Block(
    String id, BlockType type, double x, double y, double w, double h, int z, Content content) {

  /**
   * What a block shows; a field its type lacks, or that is not set, is null.
   *
   * @param text the words of a subject, preheader, heading, text, or a button's label
   * @param src an image's http(s) URL
   * @param alt an image's alternative text
   * @param href a button's http(s) link
   */
  public record Content(String text, String src, String alt, String href) {

    public static final Content EMPTY = new Content(null, null, null, null);

    /** The value of the content field named {@code field}. */
    public String get(String field) {
      return switch (field) {
        case "text" -> text;
        case "src" -> src;
        case "alt" -> alt;
        case "href" -> href;
        default -> throw new IllegalArgumentException("no content field '" + field + "'");
      };
    }

    /** This content with {@code field} set to {@code value}; null clears it. */
    public Content with(String field, String value) {
      return switch (field) {
        case "text" -> new Content(value, src, alt, href);
        case "src" -> new Content(text, value, alt, href);
        case "alt" -> new Content(text, src, value, href);
        case "href" -> new Content(text, src, alt, value);
        default -> throw new IllegalArgumentException("no content field '" + field + "'");
      };
    }
  }

  /** The fields an edit can change, each compared on its own (see {@link Edit}). */
  static final List<Function<Block, Object>> FIELDS =
      List.of(
          Block::x,
          Block::y,
          Block::w,
          Block::h,
          Block::z,
          b -> b.content().text(),
          b -> b.content().src(),
          b -> b.content().alt(),
          b -> b.content().href());

  public Block {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    content = content == null ? Content.EMPTY : content;
  }

  public Block movedTo(double x, double y, int z) {
    return new Block(id, type, x, y, w, h, z, content);
  }

  public Block resized(double w, double h) {
    return new Block(id, type, x, y, w, h, z, content);
  }

  public Block withContent(Content content) {
    return new Block(id, type, x, y, w, h, z, content);
  }

  /**
   * This block with every field that differs between {@code from} and {@code to} taken from {@code
   * to}: the change from one to the other, made on this block.
   */
  Block rebased(Block from, Block to) {
    return new Block(
        id,
        type,
        pick(x, from.x, to.x),
        pick(y, from.y, to.y),
        pick(w, from.w, to.w),
        pick(h, from.h, to.h),
        pick(z, from.z, to.z),
        new Content(
            pick(content.text(), from.content.text(), to.content.text()),
            pick(content.src(), from.content.src(), to.content.src()),
            pick(content.alt(), from.content.alt(), to.content.alt()),
            pick(content.href(), from.content.href(), to.content.href())));
  }

  /** Whether every field that differs between {@code from} and {@code to} is here as in from. */
  boolean matchesWhereChanged(Block from, Block to) {
    return FIELDS.stream()
        .allMatch(
            f ->
                Objects.equals(f.apply(from), f.apply(to))
                    || Objects.equals(f.apply(this), f.apply(from)));
  }

  private static <T> T pick(T current, T from, T to) {
    return Objects.equals(from, to) ? current : to;
  }
}
