(function () {
  "use strict";
  var table = document.getElementById("slate");
  var controls = document.getElementById("controls");
  if (!table || !controls) return;
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var show = document.getElementById("show");
  controls.hidden = false;
  function keep(row) {
    var q = filter.value.trim().toLowerCase();
    if (q && row.getAttribute("data-name").indexOf(q) < 0) return false;
    var want = show.value;
    if (want === "all") return true;
    if (want === "high") return row.getAttribute("data-highest") === "high";
    if (want === "found") return row.getAttribute("data-state") === "exposures";
    return row.getAttribute("data-incomplete") === "1";
  }
  function apply() {
    Array.prototype.forEach.call(body.rows, function (row) { row.hidden = !keep(row); });
  }
  filter.addEventListener("input", apply);
  show.addEventListener("change", apply);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") !== "descending";
      Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
        var order = th.getAttribute("data-type") === "text" ? x.localeCompare(y) : Number(x) - Number(y);
        return down ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
