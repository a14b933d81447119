'use strict';
// A measure answers the ITA items of its own assessment year, which has the same พ.ศ. as its
// fiscal year: when the clerk changes the year, the items search asks for that year's items.
window.addEventListener('load', function() {
    const year = document.getElementById('id_fiscal_year');
    const items = document.getElementById('id_indicators');
    if (!year || !items || !window.django) {
        return;
    }
    const $ = django.jQuery;
    year.addEventListener('change', function() {
        // Thai digits (๐-๙) count as the same year.
        const typed = year.value.trim().replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0E50));
        const url = new URL(items.getAttribute('data-ajax--url'), window.location.href);
        url.searchParams.set('assessment_year', typed);
        const address = url.pathname + url.search;
        items.setAttribute('data-ajax--url', address);
        const select2 = $(items).data('select2');
        if (select2) {
            select2.dataAdapter.ajaxOptions.url = address;
        }
    });
});
