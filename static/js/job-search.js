// /jobs: on a wide screen the filters stand open in the sidebar (a phone keeps them behind
// "Filters (n)" so the results come first). Without this script the <details> still opens
// with a click.
(function () {
  "use strict";
  var more = document.querySelector("details.search-more");
  if (more && window.matchMedia && window.matchMedia("(min-width: 52.01rem)").matches) {
    more.open = true;
  }
})();
