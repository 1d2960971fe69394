package dev.tollgate.repo.mirror;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket (and key prefix) on S3 or an S3-compatible server, through the AWS SDK. Each upload
 * is one PutObject, which S3 makes visible whole or not at all, with Content-MD5 so the server
 * refuses a body damaged on the way. Credentials come from the SDK's default chain and are never
 * printed; errors name the operation and the object, and the service's own message.
 */
public final class S3Destination implements PublishDestination {
  private final S3Client s3;
  private final S3Location location;
  private final DefaultCredentialsProvider credentials;

  private S3Destination(S3Client s3, S3Location location, DefaultCredentialsProvider credentials) {
    this.s3 = s3;
    this.location = location;
    this.credentials = credentials;
  }

  /** Throws {@link IllegalArgumentException} when no region or no credentials are configured. */
  public static S3Destination open(S3Location location, S3Settings settings) {
    DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    try {
      // Found now rather than at the first upload, so missing credentials are a usage error.
      credentials.resolveCredentials();
    } catch (SdkException e) {
      credentials.close();
      throw new IllegalArgumentException("no AWS credentials for " + location + " (set AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE): " + e.getMessage(), e);
    }
    S3ClientBuilder builder = S3Client.builder()
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .forcePathStyle(settings.pathStyle())
        // Content-MD5 already protects each body; the SDK's newer default (trailing CRC checksums
        // on every request) is not understood by several S3-compatible servers.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    // Without a region the SDK asks its default chain (AWS_REGION, the profile).
    settings.region().map(Region::of).ifPresent(builder::region);
    settings.endpoint().ifPresent(builder::endpointOverride);
    try {
      return new S3Destination(builder.build(), location, credentials);
    } catch (SdkException e) {
      credentials.close();
      throw new IllegalArgumentException("cannot set up the S3 client for " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, String> storedMd5() throws IOException {
    Map<String, String> md5 = new HashMap<>();
    String keyPrefix = location.keyPrefix();
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(keyPrefix).build();
    try {
      for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
        md5.put(o.key().substring(keyPrefix.length()), unquote(o.eTag()));
      }
    } catch (SdkException e) {
      throw failure("list", location.toString() + "/", e);
    }
    return md5;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    String key = location.key(path);
    try {
      ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key));
      return Optional.of(bytes.asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", location.describe(key), e);
    }
  }

  @Override
  public void put(MirroredFile file) throws IOException {
    String key = location.key(file.path());
    PutObjectRequest request = PutObjectRequest.builder()
        .bucket(location.bucket())
        .key(key)
        .contentLength(file.size())
        .contentMD5(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(file.md5Hex())))
        .cacheControl(file.cacheControl())
        .contentType(file.contentType())
        .build();
    try {
      s3.putObject(request, RequestBody.fromFile(file.file()));
    } catch (SdkException e) {
      throw failure("upload", location.describe(key), e);
    }
  }

  @Override
  public String describe(String path) {
    return location.describe(location.key(path));
  }

  @Override
  public void close() {
    s3.close();
    credentials.close();
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private static IOException failure(String operation, String what, SdkException e) {
    String why = e instanceof S3Exception s && s.awsErrorDetails() != null
        ? s.statusCode() + " " + s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage()
        : e.getMessage();
    return new IOException("S3 " + operation + " of " + what + " failed: " + why, e);
  }
}
