// After a passkey is enrolled (django-otp-webauthn's event), go on to the page named by data-next.
document.addEventListener("otp_webauthn.register_complete", () => {
  const target = document.getElementById("passkey-next");
  window.location.assign(target ? target.dataset.next : "/");
});
