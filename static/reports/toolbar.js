// The report page's print button. A file, not an onclick attribute: the Content-Security-
// Policy lets pages run only scripts served from our own static files.
document.querySelector("[data-print]").addEventListener("click", () => window.print());
