/* bilinorm report: search, paging, and aligned-sentence highlighting. The page reads without
   it: the first page of articles is HTML, and the numbered links between aligned sentence
   groups work as plain anchors. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");

  var index = JSON.parse(doc.getElementById("report-index").textContent);
  var entries = index.entries;
  var pageSize = index.pageSize;
  var main = doc.getElementById("articles");
  var toc = doc.getElementById("toc");
  var box = doc.getElementById("q");
  var status = doc.getElementById("status");
  var prev = doc.getElementById("prev");
  var next = doc.getElementById("next");

  // The first page is in the document already; each later page is a JSON block of its own,
  // parsed the first time one of its articles is shown.
  var firstPage = {};
  Array.prototype.forEach.call(main.querySelectorAll("article.rec"), function (el) {
    firstPage[el.getAttribute("data-n")] = el.outerHTML;
  });
  var later = {};
  function articleHtml(n) {
    if (firstPage[n] !== undefined) return firstPage[n];
    var p = Math.floor(n / pageSize);
    if (!later[p]) later[p] = JSON.parse(doc.getElementById("page-" + p).textContent);
    return later[p][n % pageSize] || "";
  }

  var matches = entries.map(function (_, n) { return n; });
  var page = 0;
  var shown = "0:" + matches.slice(0, pageSize).join(",");  // what the HTML shows on load

  function filter(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    matches = [];
    for (var n = 0; n < entries.length; n++) {
      var hay = entries[n].f;
      var ok = true;
      for (var t = 0; t < terms.length && ok; t++) ok = hay.indexOf(terms[t]) !== -1;
      if (ok) matches.push(n);
    }
    page = 0;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function pages() { return Math.max(1, Math.ceil(matches.length / pageSize)); }

  function render() {
    var slice = matches.slice(page * pageSize, (page + 1) * pageSize);
    var key = page + ":" + slice.join(",");
    if (key !== shown) {
      main.innerHTML = slice.length
        ? slice.map(articleHtml).join("")
        : '<p class="none">No article matches the search.</p>';
      toc.innerHTML = slice.map(function (n) {
        var e = entries[n];
        return '<li><a href="#' + escapeHtml(e.a) + '"><span class="t">' + escapeHtml(e.t) +
          '</span><span class="l">' + escapeHtml(e.l) + "</span>" +
          (e.w ? '<span class="wc" title="warnings">' + e.w + "</span>" : "") + "</a></li>";
      }).join("");
      shown = key;
    }
    var from = matches.length ? page * pageSize + 1 : 0;
    var to = Math.min(matches.length, (page + 1) * pageSize);
    status.textContent = (matches.length > pageSize ? from.toLocaleString() + "–" + to.toLocaleString() + " of " : "") +
      matches.length.toLocaleString() + (matches.length === entries.length ? "" : " of " + entries.length.toLocaleString()) +
      (entries.length === 1 ? " article" : " articles");
    prev.disabled = page === 0;
    next.disabled = page >= pages() - 1;
  }

  function goTo(newPage) {
    page = Math.max(0, Math.min(pages() - 1, newPage));
    render();
    main.scrollIntoView({ block: "start" });
  }

  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { filter(box.value); render(); }, 120);
  });
  prev.addEventListener("click", function () { goTo(page - 1); });
  next.addEventListener("click", function () { goTo(page + 1); });

  doc.addEventListener("click", function (event) {
    var link = event.target.closest("[data-q]");
    if (!link) return;
    event.preventDefault();
    box.value = link.getAttribute("data-q");
    filter(box.value);
    render();
    doc.querySelector(".browse").scrollIntoView({ block: "start" });
  });

  // A link to an article (or to a place in one) that is on another page: show that page.
  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || doc.getElementById(id)) return;
    var n = -1;
    var inner = /^r(\d+)-/.exec(id);
    if (inner) n = +inner[1];
    else for (var i = 0; i < entries.length; i++) if (entries[i].a === id) { n = i; break; }
    if (n < 0 || n >= entries.length) return;
    var at = matches.indexOf(n);
    if (at < 0) { box.value = ""; filter(""); at = n; }
    page = Math.floor(at / pageSize);
    render();
    var el = doc.getElementById(id);
    if (el) el.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", showTarget);

  // Aligned sentences: hovering a group lights it and its partner; clicking selects them.
  function partners(group) {
    var article = group.closest("article");
    return article ? article.querySelectorAll('.g[data-g="' + group.getAttribute("data-g") + '"]') : [group];
  }
  function light(group, cls, on) {
    Array.prototype.forEach.call(partners(group), function (g) { g.classList.toggle(cls, on); });
  }
  main.addEventListener("mouseover", function (event) {
    var group = event.target.closest(".g");
    if (group) light(group, "hl", true);
  });
  main.addEventListener("mouseout", function (event) {
    var group = event.target.closest(".g");
    if (group && !group.contains(event.relatedTarget)) light(group, "hl", false);
  });
  main.addEventListener("focusin", function (event) {
    var group = event.target.closest(".g");
    if (group) light(group, "hl", true);
  });
  main.addEventListener("focusout", function (event) {
    var group = event.target.closest(".g");
    if (group) light(group, "hl", false);
  });
  main.addEventListener("click", function (event) {
    if (event.target.closest("a")) return;
    var group = event.target.closest(".g");
    var wasSelected = group && group.classList.contains("sel");
    Array.prototype.forEach.call(main.querySelectorAll(".g.sel"), function (g) { g.classList.remove("sel"); });
    if (group && !wasSelected) light(group, "sel", true);
  });

  render();
  showTarget();
})();
