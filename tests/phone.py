"""Helpers for the browser tests, most at 390 px: what a reader sees."""

PHONE = {"width": 390, "height": 844}

# A line may not start with a following vowel, a tone or another mark, nor end with a leading
# vowel: breaking there splits a Thai syllable.
SYLLABLE_BREAKS = """(root) => {
  const cannotStart = /[\\u0e30-\\u0e3a\\u0e45\\u0e47-\\u0e4e]/;
  const cannotEnd = /[\\u0e40-\\u0e44]/;
  const thai = /[\\u0e00-\\u0e7f]/;
  const found = {breaks: 0, inside: []};
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    let previousTop = null, previous = -1;
    for (let i = 0; i < text.length; i++) {
      if (/\\s/.test(text[i])) { previousTop = null; continue; }
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length || rects[0].width === 0) continue;
      const top = rects[0].top;
      if (previousTop !== null && top > previousTop + 4 && thai.test(text[i])) {
        found.breaks += 1;
        if (cannotStart.test(text[i]) || cannotEnd.test(text[previous])) {
          const before = text.slice(Math.max(0, previous - 8), previous + 1);
          found.inside.push(before + "|" + text.slice(i, i + 8));
        }
      }
      previousTop = top;
      previous = i;
    }
  }
  return found;
}"""


def syllable_breaks(page, selector):
    """Line breaks between two Thai characters inside `selector`, and those inside a syllable."""
    return page.locator(selector).first.evaluate(SYLLABLE_BREAKS)


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def overflowing(page, selector):
    """Elements matching `selector` whose content is wider than they are."""
    return page.eval_on_selector_all(
        selector,
        "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1)"
        ".map(c => c.innerText.slice(0, 60))",
    )


# Shown elements holding Thai text (and, when asked, shown form controls and buttons) whose font
# list lacks the served font: without a Thai system font (this machine has none) their letters
# would be empty boxes. A button takes the browser's own font unless told otherwise.
OUTSIDE_THE_SERVED_FONT = """(controls) => {
  const found = new Set();
  const outside = element => element.getClientRects().length
    && !getComputedStyle(element).fontFamily.includes('"Laksaman ITA"');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (/[\\u0e00-\\u0e7f]/.test(walker.currentNode.nodeValue) && outside(element)) {
      found.add(element.tagName + " " + walker.currentNode.nodeValue.trim());
    }
  }
  if (controls) {
    for (const element of document.querySelectorAll("input, textarea, select, button")) {
      if (outside(element)) found.add(element.tagName + " " + (element.id || element.className));
    }
  }
  return [...found];
}"""


def outside_the_served_font(page, controls=False):
    return page.evaluate(OUTSIDE_THE_SERVED_FONT, controls)
