/* Check-in: scan the QR code of the confirmation mail in the page. The browser's own
   BarcodeDetector where it has one that reads QR codes, else jsQR (static/vendor/jsqr) on the
   camera's video frames; a photo of the code works where no camera stream is allowed. The
   code found goes into the "code" field and the form is sent, exactly as when it is typed, so
   without JavaScript or a camera the page works as before. */
(function () {
  "use strict";
  var box = document.querySelector("[data-qr-scan]");
  var form = document.getElementById("code-form");
  var input = document.getElementById("code");
  if (!box || !form || !input) return;
  var status = box.querySelector("[data-qr-status]");
  var video = box.querySelector("video");
  var start = box.querySelector("[data-qr-start]");
  var photo = box.querySelector("[data-qr-photo]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var detector = null;
  var stream = null;
  var MAX_SIDE = 1024;

  function say(text) { status.textContent = text; }

  function codeOf(text) {
    try {
      var code = new URL(text, window.location.href).searchParams.get("code");
      if (code) return code;
    } catch (e) { /* not a link: the code itself */ }
    return text.trim();
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
  }

  function found(text) {
    stop();
    input.value = codeOf(text);
    say(box.getAttribute("data-found-text"));
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function withJsQR(source, width, height) {
    if (!window.jsQR || !width || !height) return null;
    var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var result = window.jsQR(pixels.data, pixels.width, pixels.height,
                             { inversionAttempts: "attemptBoth" });
    return result ? result.data : null;
  }

  /* A promise of the text of the QR code in `source` (a video or an image bitmap), or null. */
  function decode(source, width, height) {
    if (!detector) return Promise.resolve(withJsQR(source, width, height));
    return detector.detect(source).then(function (codes) {
      return codes.length ? codes[0].rawValue : withJsQR(source, width, height);
    }, function () { return withJsQR(source, width, height); });
  }

  function scanFrames() {
    if (!stream) return;
    var next = function () { window.setTimeout(scanFrames, 200); };
    if (video.readyState < 2) { next(); return; }
    decode(video, video.videoWidth, video.videoHeight).then(function (text) {
      if (text) found(text); else next();
    }, next);
  }

  function startCamera() {
    say(box.getAttribute("data-looking-text"));
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        return video.play();
      })
      .then(scanFrames)
      .catch(function () { stop(); say(box.getAttribute("data-no-camera-text")); });
  }

  function readPhoto() {
    var file = photo.files && photo.files[0];
    if (!file || !window.createImageBitmap) return;
    say(box.getAttribute("data-looking-text"));
    window.createImageBitmap(file)
      .then(function (bitmap) { return decode(bitmap, bitmap.width, bitmap.height); })
      .then(function (text) {
        if (text) found(text); else say(box.getAttribute("data-not-found-text"));
      }, function () { say(box.getAttribute("data-not-found-text")); });
  }

  function ready() {
    box.hidden = false;
    if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) start.hidden = true;
    start.addEventListener("click", startCamera);
    photo.addEventListener("change", readPhoto);
  }

  if ("BarcodeDetector" in window && window.BarcodeDetector.getSupportedFormats) {
    window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") !== -1) {
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      }
    }).catch(function () { detector = null; }).then(ready);
  } else {
    ready();
  }
}());
