// Django's admin builds two controls in the browser with no name a screen reader can use:
// select2's search box (ITA items) and SelectFilter's magnifier icons (divisions). Name them
// whenever they appear, since select2 rebuilds its box after every choice.
"use strict";
{
  function labelOf(select) {
    const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameControls() {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach((box) => {
      const select = box.closest(".select2-container")?.previousElementSibling;
      box.setAttribute("aria-label", `ค้นหา ${labelOf(select)}`.trim());
    });
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  new MutationObserver(nameControls).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
}
