package ai.maily.mesh.core.problem;

/**
 * The mesh's one error vocabulary (RFC 9457 problem types), shared by REST and gRPC so a client
 * sees the same {@code type} whichever way it called.
 */
public enum ProblemType {
  INVALID_REQUEST("invalid-request", 400, "Invalid request", GrpcCode.INVALID_ARGUMENT),
  INVALID_PLAN("invalid-plan", 400, "Invalid plan", GrpcCode.INVALID_ARGUMENT),
  UNAUTHORIZED("unauthorized", 401, "Unauthorized", GrpcCode.UNAUTHENTICATED),
  /**
   * A language-model call would cross the tenant's or the task's token or cost budget, so it was
   * not made (ADR 0029). 402, not 429: waiting does not help until the budget's period turns or an
   * operator raises the limit.
   */
  BUDGET_EXCEEDED("budget-exceeded", 402, "Budget exceeded", GrpcCode.RESOURCE_EXHAUSTED),
  FORBIDDEN("forbidden", 403, "Forbidden", GrpcCode.PERMISSION_DENIED),
  NOT_FOUND("not-found", 404, "Not found", GrpcCode.NOT_FOUND),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed", GrpcCode.UNIMPLEMENTED),
  /** The request's body did not arrive in time. */
  REQUEST_TIMEOUT("request-timeout", 408, "Request timeout", GrpcCode.DEADLINE_EXCEEDED),
  CONFLICT("conflict", 409, "Conflict", GrpcCode.FAILED_PRECONDITION),
  PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large", GrpcCode.RESOURCE_EXHAUSTED),
  URI_TOO_LONG("uri-too-long", 414, "URI too long", GrpcCode.RESOURCE_EXHAUSTED),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", 415, "Unsupported media type", GrpcCode.INVALID_ARGUMENT),
  HEADER_FIELDS_TOO_LARGE(
      "header-fields-too-large",
      431,
      "Request header fields too large",
      GrpcCode.RESOURCE_EXHAUSTED),
  UNAVAILABLE("unavailable", 503, "Service unavailable", GrpcCode.UNAVAILABLE),
  /** The node runs as many tasks as it may; the problem says when to try again. */
  OVERLOADED("overloaded", 503, "Overloaded", GrpcCode.UNAVAILABLE),
  INTERNAL("internal", 500, "Internal error", GrpcCode.INTERNAL);

  /** The gRPC status codes the vocabulary maps to (values from the gRPC specification). */
  public enum GrpcCode {
    INVALID_ARGUMENT(3),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    UNAUTHENTICATED(16);

    private final int value;

    GrpcCode(int value) {
      this.value = value;
    }

    public int value() {
      return value;
    }
  }

  private static final String TYPE_PREFIX = "urn:maily:problem:";

  private final String slug;
  private final int httpStatus;
  private final String title;
  private final GrpcCode grpcCode;

  ProblemType(String slug, int httpStatus, String title, GrpcCode grpcCode) {
    this.slug = slug;
    this.httpStatus = httpStatus;
    this.title = title;
    this.grpcCode = grpcCode;
  }

  /** The stable {@code type} URI clients match on. */
  public String uri() {
    return TYPE_PREFIX + slug;
  }

  /** The type's slug, e.g. {@code not-found}: the end of {@link #uri()}, without its prefix. */
  public String code() {
    return slug;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String title() {
    return title;
  }

  public GrpcCode grpcCode() {
    return grpcCode;
  }
}
