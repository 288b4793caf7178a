package ai.maily.mesh.agents.personalize;

import java.util.Optional;

/**
 * A well-formed merge tag: {@code {{ first_name }}} or {@code {{ first_name | default: "there" }}}.
 *
 * @param field the audience field it reads
 * @param defaultValue the inline default, if the tag has one
 * @param source the tag as written, braces included
 */
public record MergeTag(String field, Optional<String> defaultValue, String source) {}
