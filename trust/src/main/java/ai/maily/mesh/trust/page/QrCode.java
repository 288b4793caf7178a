package ai.maily.mesh.trust.page;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR codes as PNG images, drawn with zxing. */
public final class QrCode {

  /** Smallest and largest image sizes accepted, in pixels. */
  public static final int MIN_SIZE = 64;

  public static final int MAX_SIZE = 1024;

  private static final int BLACK = 0x000000;
  private static final int WHITE = 0xFFFFFF;

  private QrCode() {}

  /**
   * A square black-on-white PNG of {@code size} pixels encoding {@code text}, with medium error
   * correction (survives about 15% damage, e.g. a printed page folded over it).
   *
   * @throws IllegalArgumentException if the size is out of range or the text too long for a QR code
   */
  public static byte[] png(String text, int size) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "a QR code is " + MIN_SIZE + " to " + MAX_SIZE + " pixels, not " + size);
    }
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  size,
                  size,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      2,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode a QR code: " + e.getMessage(), e);
    }
    BufferedImage image =
        new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        image.setRGB(x, y, matrix.get(x, y) ? BLACK : WHITE);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a PNG to memory cannot fail", e);
    }
    return png.toByteArray();
  }
}
