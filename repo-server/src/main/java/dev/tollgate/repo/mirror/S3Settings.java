package dev.tollgate.repo.mirror;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach the S3 service: region (else the SDK's default: {@code AWS_REGION}, the profile),
 * an endpoint for S3-compatible servers other than AWS, and path-style addressing
 * ({@code http://host/bucket/key}, which most of them need). Credentials are never part of this:
 * they come from the SDK's default chain (environment, profile, instance role).
 */
public record S3Settings(Optional<String> region, Optional<URI> endpoint, boolean pathStyle) {
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public static S3Settings defaults() {
    return new S3Settings(Optional.empty(), Optional.empty(), false);
  }

  public S3Settings withRegion(String region) {
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("S3 region '" + region + "' is not a region name (a-z 0-9 -, e.g. eu-west-1)");
    }
    return new S3Settings(Optional.of(region), endpoint, pathStyle);
  }

  /** An http(s) URL with a host and nothing after it but an optional slash. */
  public S3Settings withEndpoint(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("S3 endpoint '" + url + "' is not a URL");
    }
    if (uri.getRawUserInfo() != null) {
      // Not echoed: user info in a URL is usually a credential.
      throw new IllegalArgumentException("S3 endpoint must not carry user info; credentials come from the AWS"
          + " environment or profile");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null;
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
      throw new IllegalArgumentException("S3 endpoint '" + url + "' must be http(s)://host[:port] with no path"
          + " or query");
    }
    return new S3Settings(region, Optional.of(uri), pathStyle);
  }

  public S3Settings withPathStyle(boolean pathStyle) {
    return new S3Settings(region, endpoint, pathStyle);
  }
}
