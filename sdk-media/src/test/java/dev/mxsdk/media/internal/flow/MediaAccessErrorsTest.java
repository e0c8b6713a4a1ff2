package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.media.MediaNotAttachedException;
import dev.mxsdk.media.MediaNotViewableException;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * The homeserver's refusals of a media request and the typed errors they become (MSC3910,
 * MSC3911): which status and errcode pairs are typed, which are left alone, and when a 403 body
 * marks media as not yet attached.
 */
final class MediaAccessErrorsTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String NOT_ATTACHED =
      "{\"errcode\":\"M_FORBIDDEN\",\"" + MediaNotAttachedException.ATTACHED_FIELD + "\":false}";

  private static Response response(int code, String body) {
    return new Response.Builder()
        .request(new Request.Builder().url("https://hs.example/_matrix/client/v1/media/x").build())
        .protocol(Protocol.HTTP_1_1).code(code).message("refused")
        .body(ResponseBody.create(body, JSON)).build();
  }

  private static MatrixApiException error(int status, String errcode) {
    return new MatrixApiException(status, errcode, "refused", -1, false);
  }

  @Test
  void onlyA403WithTheMarkerFalseIsNotAttached() throws IOException {
    assertTrue(MediaAccessErrors.markedNotAttached(response(403, NOT_ATTACHED)));
    assertTrue(MediaAccessErrors.markedNotAttached(response(403,
        "{\"a\":[1,{\"b\":2}],\"" + MediaNotAttachedException.ATTACHED_FIELD + "\":false}")));
    assertFalse(MediaAccessErrors.markedNotAttached(response(401, NOT_ATTACHED)));
    assertFalse(MediaAccessErrors.markedNotAttached(response(404, NOT_ATTACHED)));
    assertFalse(MediaAccessErrors.markedNotAttached(response(403,
        "{\"" + MediaNotAttachedException.ATTACHED_FIELD + "\":true}")));
    assertFalse(MediaAccessErrors.markedNotAttached(response(403,
        "{\"" + MediaNotAttachedException.ATTACHED_FIELD + "\":\"false\"}")));
    assertFalse(MediaAccessErrors.markedNotAttached(response(403,
        "{\"attached\":false,\"errcode\":\"M_FORBIDDEN\"}")));
    assertFalse(MediaAccessErrors.markedNotAttached(response(403, "[false]")));
    assertFalse(MediaAccessErrors.markedNotAttached(response(403, "{\"x\":")));
    assertFalse(MediaAccessErrors.markedNotAttached(response(403, "")));
    // Peeked, not consumed: the error reader still gets the whole body.
    Response r = response(403, NOT_ATTACHED);
    assertTrue(MediaAccessErrors.markedNotAttached(r));
    assertEquals(NOT_ATTACHED, r.body().string());
  }

  @Test
  void contentTokenAndVisibilityRefusalsAreTyped() {
    MatrixApiException missing = error(401, "M_MISSING_CONTENT_TOKEN");
    MatrixApiException typed = MediaAccessErrors.typed(missing, false);
    assertEquals(MediaNotViewableException.class, typed.getClass());
    assertEquals(401, typed.status());
    assertEquals("M_MISSING_CONTENT_TOKEN", typed.errcode());
    assertSame(missing, typed.getCause());
    for (String errcode : new String[] {"M_UNAUTHORIZED", "M_FORBIDDEN"}) {
      MatrixApiException refused = error(403, errcode);
      MatrixApiException viewable = MediaAccessErrors.typed(refused, false);
      assertEquals(MediaNotViewableException.class, viewable.getClass(), errcode);
      assertEquals(403, viewable.status());
      assertEquals(errcode, viewable.errcode());
      assertSame(refused, viewable.getCause());
      MatrixApiException attached = MediaAccessErrors.typed(refused, true);
      assertInstanceOf(MediaNotAttachedException.class, attached, errcode);
      assertEquals(403, attached.status());
      assertSame(refused, attached.getCause());
    }
  }

  @Test
  void otherErrorsAreReturnedAsTheyAre() {
    MatrixApiException[] untouched = {error(401, "M_UNKNOWN_TOKEN"), error(403, "M_LIMIT_EXCEEDED"),
        error(404, "M_MISSING_CONTENT_TOKEN"), error(401, "M_FORBIDDEN"), error(404, "M_NOT_FOUND"),
        new MediaNotViewableException(403, "M_FORBIDDEN", "already typed")};
    for (MatrixApiException e : untouched) {
      assertSame(e, MediaAccessErrors.typed(e, true), e.errcode());
      assertSame(e, MediaAccessErrors.typed(e, false), e.errcode());
    }
  }

  @Test
  void theResponseDecidesWhetherA403IsNotAttached() {
    MatrixApiException refused = error(403, "M_FORBIDDEN");
    assertInstanceOf(MediaNotAttachedException.class,
        MediaAccessErrors.typed(refused, response(403, NOT_ATTACHED)));
    assertEquals(MediaNotViewableException.class,
        MediaAccessErrors.typed(refused, response(403, "{}")).getClass());
    assertEquals(MediaNotViewableException.class,
        MediaAccessErrors.typed(refused, (Response) null).getClass());
  }
}
