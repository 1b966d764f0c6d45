/*
 * tebiki search client: offline Japanese full-text search in the bundle.
 *
 * A classic script (no modules, no dependencies) so that it runs from file://.
 * The pages load it after the index's small head:
 *
 *   <script src="{{root}}search/index.js" defer></script>    sets window.tebikiSearchIndex
 *   <script src="{{root}}assets/search.js" defer></script>   this file
 *
 * and this file adds the rest of the index as script tags (fetch() is
 * blocked on file://), only what a query needs, when it needs it: docs.js,
 * the key shards of the query's keys, the match (and readings) scripts of
 * the parts that hold its candidates, and the text scripts of the results
 * shown (docs/search.md "Loading"). When the page is idle the rest follows,
 * one script at a time.
 *
 * The algorithm is the contract in docs/search.md, shared with the C++ engine
 * (`tebiki search`); tests/search/queries.yml runs the same cases against both.
 * Points the contract leaves open are marked "contract:" below; the C++
 * engine settles them the same way: change them on both sides or not at all.
 *
 * window.tebikiSearch = {
 *   ready,                                  true once the whole index has loaded
 *   search(query, {includeObsolete})        → [{id, title, status, href, heading,
 *                                              anchor, snippetHtml, score}], best first
 *                                              ([] while the query's scripts are not loaded)
 *   ensure(query, done)                     loads what the query needs; done(null) or
 *                                              done(the script that failed)
 *   norm(s), terms(query)                   the normalisation and the query parser
 * }
 * heading, anchor and snippetHtml are computed when first read, so a search
 * that matches most of the documents stays cheap when only a page is shown.
 */
(function () {
  'use strict';

  var hasOwn = Object.prototype.hasOwnProperty;

  // ------------------------------------------------------------ normalisation

  var KATAKANA_RUN = /[\u30a1-\u30f6\u30fd\u30fe]+/g;
  var HAS_KATAKANA = /[\u30a1-\u30f6\u30fd\u30fe]/;

  // Katakana runs repeat (バックアップ, カルテ…): their folded forms are memoised.
  var foldMemo = new Map();

  function foldRun(run) {
    var got = foldMemo.get(run);
    if (got !== undefined) return got;
    got = foldRunNow(run);
    if (foldMemo.size > 50000) foldMemo.clear();
    foldMemo.set(run, got);
    return got;
  }

  function foldRunNow(run) {
    var n = run.length;
    var codes = new Array(n);
    for (var i = 0; i < n; i++) codes[i] = run.charCodeAt(i) - 0x60;
    if (n <= 4096) return String.fromCharCode.apply(null, codes);
    var out = '';
    for (var j = 0; j < n; j += 4096) out += String.fromCharCode.apply(null, codes.slice(j, j + 4096));
    return out;
  }

  // A katakana word (Katakana-script characters and ー) whose final ー (one
  // or more) search leaves out: ユーザー is ユーザ, サーバー is サーバ
  // (docs/search.md "Normalisation" 3). Only where at least three code
  // points remain: キー stays キー.
  var KATAKANA_WORD = /[\p{Script=Katakana}\u30fc]+/gu;
  var LONG_VOWEL = '\u30fc';

  // How many of the code points of a katakana word (array of code points as
  // strings) are final long vowels to leave out.
  function finalLongVowels(cps) {
    var body = cps.length;
    while (body > 0 && cps[body - 1] === LONG_VOWEL) body--;
    return body >= 3 && body < cps.length ? cps.length - body : 0;
  }

  function dropFinalLongVowels(t) {
    if (t.indexOf(LONG_VOWEL) === -1) return t;
    return t.replace(KATAKANA_WORD, function (run) {
      var cps = Array.from(run);
      var n = finalLongVowels(cps);
      return n ? cps.slice(0, cps.length - n).join('') : run;
    });
  }

  // docs/search.md "Normalisation": NFKC, default full lower-casing, final
  // long vowels of katakana words, katakana → hiragana.
  function norm(s) {
    var t = dropFinalLongVowels(s.normalize('NFKC').toLowerCase());
    return HAS_KATAKANA.test(t) ? t.replace(KATAKANA_RUN, foldRun) : t;
  }

  // ------------------------------------------------------------ character classes

  var SEP = 1, WORD = 2, CJK = 3;
  var NUMBER_RE = /^\p{N}$/u;
  var LETTER_RE = /^\p{L}$/u;
  var numberMemo = new Map();

  function isNumberCp(cp) {
    var v = numberMemo.get(cp);
    if (v === undefined) {
      v = NUMBER_RE.test(String.fromCodePoint(cp));
      numberMemo.set(cp, v);
    }
    return v;
  }
  var CJK_RE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005\u3006\u30f6]$/u;
  var WORD_RE = /^[\p{L}\p{N}]$/u;
  var bmpClass = new Uint8Array(65536);   // 0: not yet known
  var astralClass = new Map();

  function classify(ch) {
    return CJK_RE.test(ch) ? CJK : WORD_RE.test(ch) ? WORD : SEP;
  }

  // Class of the code point cp (an integer).
  function classOf(cp) {
    if (cp < 0x10000) {
      var c = bmpClass[cp];
      if (c === 0) {
        // Lone surrogates are separators.
        c = (cp >= 0xd800 && cp <= 0xdfff) ? SEP : classify(String.fromCharCode(cp));
        bmpClass[cp] = c;
      }
      return c;
    }
    var a = astralClass.get(cp);
    if (a === undefined) {
      a = classify(String.fromCodePoint(cp));
      astralClass.set(cp, a);
    }
    return a;
  }

  // Class of the code point that ends just before UTF-16 offset p of s (p > 0).
  function classBefore(s, p) {
    var lo = s.charCodeAt(p - 1);
    if (lo >= 0xdc00 && lo <= 0xdfff && p >= 2) {
      var hi = s.charCodeAt(p - 2);
      if (hi >= 0xd800 && hi <= 0xdbff) return classOf((hi - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000);
    }
    return classOf(lo);
  }

  // ------------------------------------------------------------ simple text

  // A UTF-16 code unit is "simple" when it is not a surrogate, not a mark that
  // NFKC may compose with the character before it (see attaches()), and its
  // normalisation is exactly one code unit. A text made only of simple code
  // units normalises to a text of the same length, position for position
  // (NFKC then composes nothing, and lower-casing and kana folding map one
  // unit to one), which spares normalising it just to learn its length, and
  // mapping snippet positions chunk by chunk.
  var simpleTable = new Uint8Array(65536);   // 0: not yet known, 1: simple, 2: not

  function isSimpleUnit(c) {
    var v = simpleTable[c];
    if (v === 0) {
      // ー (and half-width ｰ) may be left out, depending on the word around it.
      v = (c >= 0xd800 && c <= 0xdfff) || c === 0x30fc || c === 0xff70 || attaches(c) ||
        norm(String.fromCharCode(c)).length !== 1 ? 2 : 1;
      simpleTable[c] = v;
    }
    return v === 1;
  }

  function isSimpleText(s) {
    for (var i = 0, n = s.length; i < n; i++) {
      if (!isSimpleUnit(s.charCodeAt(i))) return false;
    }
    return true;
  }

  // norm(s).length without building norm(s): lower-casing changes the length
  // of one character only (U+0130 İ becomes i + U+0307), and kana folding
  // none, so only NFKC is needed.
  function normLength(s) {
    var t = s.normalize('NFKC');
    if (t.indexOf(LONG_VOWEL) !== -1) return norm(s).length;
    var n = t.length;
    for (var p = t.indexOf('\u0130'); p !== -1; p = t.indexOf('\u0130', p + 1)) n++;
    return n;
  }

  // ------------------------------------------------------------ occurrences

  // Where a term may start (docs/search.md rule 2), from its first character:
  // ANYWHERE (CJK, separators), WORD_START (a number), or WORD_OR_UNIT_START
  // (a letter: also right after a number, as the "ml" of "5ml").
  var ANYWHERE = 0, WORD_START = 1, WORD_OR_UNIT_START = 2;

  // The code point that ends just before UTF-16 offset p of s (p > 0).
  function cpBefore(s, p) {
    var lo = s.charCodeAt(p - 1);
    if (lo >= 0xdc00 && lo <= 0xdfff && p >= 2) {
      var hi = s.charCodeAt(p - 2);
      if (hi >= 0xd800 && hi <= 0xdbff) return (hi - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
    }
    return lo;
  }

  function mayStartAt(s, p, rule) {
    if (rule === ANYWHERE || p === 0 || classBefore(s, p) !== WORD) return true;
    return rule === WORD_OR_UNIT_START && isNumberCp(cpBefore(s, p));
  }

  // Term t occurs in s at p: s contains t at p and p is a place where t may
  // start (mayStartAt). tf counts non-overlapping occurrences from the left
  // (docs/search.md, rule 2).
  function tf(s, t, wordStart) {
    var n = 0;
    var p = s.indexOf(t);
    while (p !== -1) {
      if (mayStartAt(s, p, wordStart)) {
        n++;
        p = s.indexOf(t, p + t.length);
      } else {
        p = s.indexOf(t, p + 1);
      }
    }
    return n;
  }

  // Every occurrence of t in s as [start, end) pairs, flattened.
  function occurrences(s, t, wordStart, out) {
    var p = s.indexOf(t);
    while (p !== -1) {
      if (mayStartAt(s, p, wordStart)) {
        out.push(p, p + t.length);
        p = s.indexOf(t, p + t.length);
      } else {
        p = s.indexOf(t, p + 1);
      }
    }
  }

  // The start rule of term t (see mayStartAt).
  function startsWithWord(t) {
    var cp = t.codePointAt(0);
    if (classOf(cp) !== WORD) return ANYWHERE;
    return LETTER_RE.test(String.fromCodePoint(cp)) ? WORD_OR_UNIT_START : WORD_START;
  }

  // ------------------------------------------------------------ query

  var WHITE = /^\p{White_Space}$/u;

  function isQuote(ch) {
    return ch === '"' || ch === '\u201c' || ch === '\u201d';
  }

  // docs/search.md "Query", rule 1. contract: after NFKC, each of " “ ” opens
  // or closes a phrase (they toggle) and is itself a term boundary; an
  // unclosed phrase runs to the end of the query. Phrases keep their spaces
  // as typed (no trimming). Terms are normalised and empty ones dropped;
  // repeated terms are kept (each counts in the score).
  function parseTerms(query) {
    var s = String(query == null ? '' : query).normalize('NFKC');
    var terms = [];
    var cur = '';
    var quoted = false;
    function flush() {
      if (cur !== '') {
        var t = norm(cur);
        if (t !== '') terms.push(t);
      }
      cur = '';
    }
    for (var i = 0; i < s.length;) {
      var cp = s.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      i += ch.length;
      if (isQuote(ch)) {
        flush();
        quoted = !quoted;
      } else if (!quoted && WHITE.test(ch)) {
        flush();
      } else {
        cur += ch;
      }
    }
    flush();
    return terms;
  }

  // ------------------------------------------------------------ the engine

  var STATUS_RANK = { approved: 0, review: 1, draft: 2, obsolete: 3 };
  function statusRank(status) {
    return hasOwn.call(STATUS_RANK, status) ? STATUS_RANK[status] : 4;
  }

  // The index as the client holds it (docs/search.md "Index files"): docs
  // (docs.js: every document's card, part by part and by id within a part;
  // a document's place there is its number) and the scripts loaded so far,
  // found in their window globals: the key shards (tebikiSearchKeys[shard],
  // one table per part, whose postings count from the part's first
  // document) and each part's match, readings and text scripts
  // (tebikiSearchMatch[part]…). A query needs only some of them
  // (Engine.prototype.missing).
  function Engine(index, docs) {
    this.docs = docs;
    this.n = docs.length;
    this.keyShards = index.keys;
    this.partCount = index.parts;
    // A part's first document number: docs.js holds the parts in order.
    this.partBase = new Int32Array(index.parts + 1);
    var counts = new Int32Array(index.parts);
    for (var d = 0; d < docs.length; d++) {
      var part = docs[d].part;
      if (part >= 0 && part < index.parts) counts[part]++;
    }
    for (var p = 0; p < index.parts; p++) this.partBase[p + 1] = this.partBase[p] + counts[p];
    this.fields = new Array(this.n);   // normalised fields, per document, on first need
    this.postingCache = new Map();     // table + key → Int32Array of document numbers
    this.keyLists = new Map();         // table → every key of every shard, each once (all shards loaded)
    this.sortedKeys = new Map();       // table + shard → its keys in code-unit order
    this.charCache = new Map();        // table + single CJK character → Int32Array
    this.prefixCache = new Map();      // table + word prefix → Int32Array
    this.candidateCache = new Map();   // term → {all, readings}: see candidates()
    this.occurCache = new Map();       // term → {docs, wtf, surface}: see occurrence()
    this.partialCache = new Map();     // term → what the documents checked so far gave: see partialOccurrence()
    this.lenStats = [null, null];      // [without obsolete, with obsolete] → {count, avglen}
  }

  // A key shard: per part, its four tables (cjk, words, rcjk, rwords).
  function loadedKeys(shard) {
    var all = window.tebikiSearchKeys;
    var k = all ? all[shard] : null;
    if (!Array.isArray(k)) return null;
    for (var p = 0; p < k.length; p++) {
      var t = k[p];
      if (!t || typeof t !== 'object' || !t.cjk || !t.words || !t.rcjk || !t.rwords) return null;
    }
    return k;
  }

  // Every key of a table in a loaded shard, each once (a key may be in
  // several parts' tables).
  function shardKeys(shard, table) {
    if (shard.length === 1) return Object.keys(shard[0][table]);
    var seen = new Set();
    for (var p = 0; p < shard.length; p++) {
      var t = shard[p][table];
      for (var key in t) if (hasOwn.call(t, key)) seen.add(key);
    }
    return Array.from(seen);
  }
  function loadedPart(global, part) {
    var all = window[global];
    var p = all ? all[part] : null;
    return p && typeof p === 'object' ? p : null;
  }
  var PART_GLOBALS = { match: 'tebikiSearchMatch', readings: 'tebikiSearchReadings', text: 'tebikiSearchTexts' };

  // The entry of document i in its part's script of the given kind, or
  // undefined while that script is not loaded.
  Engine.prototype.entry = function (kind, i) {
    var d = this.docs[i];
    var p = loadedPart(PART_GLOBALS[kind], d.part);
    return p && hasOwn.call(p, d.id) ? p[d.id] : undefined;
  };

  // The key shard of an index key: its first code point modulo the shards.
  Engine.prototype.shardOf = function (key) {
    return key.codePointAt(0) % this.keyShards;
  };

  // The normalised fields of document i (docs/search.md rule 3): id, title,
  // tags joined by a space, every section's heading joined by a space, every
  // section's text joined by a space (all sections, empty ones included), with
  // where each section's heading and text start in the joined strings. The
  // headings and texts come normalised in the match script; the readings are
  // read apart (readingsOf), only for documents whose readings may hold a term.
  Engine.prototype.field = function (i) {
    var f = this.fields[i];
    if (f) return f;
    var d = this.docs[i];
    var m = this.entry('match', i);
    if (m === undefined) return EMPTY_FIELDS;   // not loaded (missing() asks for it first): nothing kept
    var heads = m.h || [], texts = m.t || [];
    var count = Math.min(heads.length, texts.length);
    var headStart = new Int32Array(count + 1), textStart = new Int32Array(count + 1);
    var hp = 0, tp = 0;
    for (var k = 0; k < count; k++) {
      headStart[k] = hp;
      textStart[k] = tp;
      hp += heads[k].length + 1;
      tp += texts[k].length + 1;
    }
    headStart[count] = hp;
    textStart[count] = tp;
    var n = Array.isArray(m.n) ? m.n : [norm(d.id || ''), norm(d.title || ''), norm((d.tags || []).join(' '))];
    f = {
      id: String(n[0]),
      title: String(n[1]),
      tags: String(n[2]),
      headings: heads.slice(0, count).join(' '),
      texts: texts.slice(0, count).join(' '),
      sections: count,
      shown: m.s || [],
      headStart: headStart,
      textStart: textStart,
    };
    this.fields[i] = f;
    return f;
  };

  var EMPTY_FIELDS = { id: '', title: '', tags: '', headings: '', texts: '', sections: 0, shown: [],
                       headStart: new Int32Array(1), textStart: new Int32Array(1) };

  Engine.prototype.readingsOf = function (i) {
    var r = this.entry('readings', i);
    return typeof r === 'string' ? r : '';
  };

  Engine.prototype.excluded = function (i, includeObsolete) {
    return !includeObsolete && this.docs[i].status === 'obsolete';
  };

  // N and avglen over the documents that are not excluded; len (the length
  // of a document's normalised joined texts) is in its card.
  Engine.prototype.stats = function (includeObsolete) {
    var slot = includeObsolete ? 1 : 0;
    var st = this.lenStats[slot];
    if (st) return st;
    var count = 0, total = 0;
    for (var i = 0; i < this.n; i++) {
      if (this.excluded(i, includeObsolete)) continue;
      count++;
      total += this.docs[i].len || 0;
    }
    st = { count: count, avglen: count ? total / count : 0 };
    this.lenStats[slot] = st;
    return st;
  };

  // Postings of an index key in table 'cjk', 'words' (every field but the
  // readings) or 'rcjk', 'rwords' (the readings): document numbers, the
  // first then differences, base 36, comma-separated. Its shard must be loaded.
  Engine.prototype.postings = function (table, key) {
    var cacheKey = table + '\u0000' + key;
    var got = this.postingCache.get(cacheKey);
    if (got) return got;
    var shard = loadedKeys(this.shardOf(key));
    if (!shard) return new Int32Array(0);   // not loaded (missing() asks for it first): nothing kept
    var found = [];
    for (var p = 0; p < shard.length && p < this.partCount; p++) {
      var t = shard[p][table];
      var encoded = hasOwn.call(t, key) ? t[key] : '';
      if (typeof encoded !== 'string' || encoded === '') continue;
      var numbers = encoded.split(',');
      var base = this.partBase[p], end = this.partBase[p + 1];
      var v = base;
      for (var i = 0; i < numbers.length; i++) {
        v += parseInt(numbers[i], 36);
        if (v >= base && v < end) found.push(v);
      }
    }
    got = Int32Array.from(found).sort();
    this.postingCache.set(cacheKey, got);
    return got;
  };

  Engine.prototype.union = function (lists) {
    if (lists.length === 0) return new Int32Array(0);
    if (lists.length === 1) return lists[0];
    var mark = new Uint8Array(this.n);
    var count = 0;
    for (var a = 0; a < lists.length; a++) {
      var l = lists[a];
      for (var i = 0; i < l.length; i++) {
        var d = l[i];
        if (d >= 0 && d < this.n && !mark[d]) { mark[d] = 1; count++; }
      }
    }
    var out = new Int32Array(count);
    for (var j = 0, k = 0; j < this.n; j++) if (mark[j]) out[k++] = j;
    return out;
  };

  // Sorted intersection of sorted lists; null stands for "every document".
  function intersect(a, b) {
    if (a === null) return b;
    if (b === null) return a;
    var out = new Int32Array(Math.min(a.length, b.length));
    var i = 0, j = 0, k = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out[k++] = a[i]; i++; j++; }
    }
    return out.subarray(0, k);
  }

  // Documents under every key of a table that contains the character ch
  // (every shard must be loaded: a key holding ch may start with anything).
  Engine.prototype.charPostings = function (table, ch) {
    var cacheKey = table + '\u0000' + ch;
    var got = this.charCache.get(cacheKey);
    if (got) return got;
    var keys = this.keyLists.get(table);
    if (!keys) {
      var seen = new Set();
      for (var s = 0; s < this.keyShards; s++) {
        var shard = loadedKeys(s);
        if (shard) shardKeys(shard, table).forEach(function (key) { seen.add(key); });
      }
      keys = Array.from(seen);
      this.keyLists.set(table, keys);
    }
    var lists = [];
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].indexOf(ch) !== -1) lists.push(this.postings(table, keys[i]));
    }
    got = this.union(lists);
    this.charCache.set(cacheKey, got);
    return got;
  };

  // Documents under every word of a table that starts with prefix (all in
  // the prefix's shard).
  Engine.prototype.prefixPostings = function (table, prefix) {
    var cacheKey = table + '\u0000' + prefix;
    var got = this.prefixCache.get(cacheKey);
    if (got) return got;
    var shardNumber = this.shardOf(prefix);
    var sortedKey = table + '\u0000' + shardNumber;
    var w = this.sortedKeys.get(sortedKey);
    if (!w) {
      var shard = loadedKeys(shardNumber);
      w = shard ? shardKeys(shard, table).sort(function (x, y) { return x < y ? -1 : x > y ? 1 : 0; }) : [];
      this.sortedKeys.set(sortedKey, w);
    }
    var lo = 0, hi = w.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (w[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    var lists = [];
    for (var i = lo; i < w.length && w[i].lastIndexOf(prefix, 0) === 0; i++) {
      lists.push(this.postings(table, w[i]));
    }
    got = this.union(lists);
    this.prefixCache.set(cacheKey, got);
    return got;
  };

  // The index keys of a term, as docs/search.md "Index keys" makes them:
  // {cjk: bigrams, chars: lone CJK characters, words: word runs}; none
  // when the term has only separators.
  function termKeys(term) {
    var keys = { cjk: [], chars: [], words: [] };
    var i = 0, len = term.length;
    while (i < len) {
      var cp = term.codePointAt(i);
      var cls = classOf(cp);
      var size = cp > 0xffff ? 2 : 1;
      if (cls === SEP) { i += size; continue; }
      var starts = [i];
      var j = i + size;
      while (j < len) {
        var cp2 = term.codePointAt(j);
        if (classOf(cp2) !== cls) break;
        starts.push(j);
        j += cp2 > 0xffff ? 2 : 1;
      }
      if (cls === WORD) keys.words.push(term.slice(i, j));
      else if (starts.length === 1) keys.chars.push(term.slice(i, j));
      else {
        for (var b = 0; b + 1 < starts.length; b++) {
          keys.cjk.push(term.slice(starts[b], b + 2 < starts.length ? starts[b + 2] : j));
        }
      }
      i = j;
    }
    return keys;
  }

  // The key shards a term's candidates need: every shard for a lone CJK
  // character (found inside any bigram that holds it).
  function shardsOfTerm(term, shardCount, out) {
    var keys = termKeys(term);
    if (keys.chars.length) {
      for (var s = 0; s < shardCount; s++) out.add(s);
      return;
    }
    for (var a = 0; a < keys.cjk.length; a++) out.add(keys.cjk[a].codePointAt(0) % shardCount);
    for (var b = 0; b < keys.words.length; b++) out.add(keys.words[b].codePointAt(0) % shardCount);
  }

  // docs/search.md rule 4: the candidates of one term, from the keys of
  // every field (all), and those whose readings may hold it (readings);
  // null stands for every document (a term with no index key).
  Engine.prototype.candidates = function (term) {
    var got = this.candidateCache.get(term);
    if (got) return got;
    var keys = termKeys(term);
    var all = null, readings = null;
    var self = this;
    function narrow(surface, fromReadings) {
      all = intersect(all, self.union([surface, fromReadings]));
      readings = intersect(readings, fromReadings);
    }
    for (var a = 0; a < keys.cjk.length && !(all && all.length === 0); a++) {
      narrow(this.postings('cjk', keys.cjk[a]), this.postings('rcjk', keys.cjk[a]));
    }
    for (var c = 0; c < keys.chars.length && !(all && all.length === 0); c++) {
      narrow(this.charPostings('cjk', keys.chars[c]), this.charPostings('rcjk', keys.chars[c]));
    }
    for (var w = 0; w < keys.words.length && !(all && all.length === 0); w++) {
      narrow(this.prefixPostings('words', keys.words[w]), this.prefixPostings('rwords', keys.words[w]));
    }
    if (all && readings) readings = intersect(readings, all);
    got = { all: all, readings: readings };
    if (this.candidateCache.size > 2000) this.candidateCache.clear();
    this.candidateCache.set(term, got);
    return got;
  };

  // The scripts a query still needs before it can be answered exactly, as
  // names under search/: first the key shards of its terms, then (once
  // those are loaded) the match scripts of its candidates' parts and the
  // readings scripts of the parts whose documents' readings may hold a term.
  Engine.prototype.missing = function (terms) {
    var shards = new Set();
    for (var t = 0; t < terms.length; t++) shardsOfTerm(terms[t], this.keyShards, shards);
    var out = [];
    shards.forEach(function (s) { if (!loadedKeys(s)) out.push(keysScript(s)); });
    if (out.length) return out;
    var match = new Set(), readings = new Set();
    for (var u = 0; u < terms.length; u++) {
      var c = this.candidates(terms[u]);
      this.partsOf(c.all, match);
      this.partsOf(c.readings, readings);
    }
    match.forEach(function (p) { if (!loadedPart(PART_GLOBALS.match, p)) out.push(partScript('match', p)); });
    readings.forEach(function (p) { if (!loadedPart(PART_GLOBALS.readings, p)) out.push(partScript('readings', p)); });
    return out;
  };

  // Whether the key shards a term's candidates need have loaded.
  Engine.prototype.keysLoaded = function (term) {
    var shards = new Set();
    shardsOfTerm(term, this.keyShards, shards);
    var all = true;
    shards.forEach(function (s) { if (!loadedKeys(s)) all = false; });
    return all;
  };

  // Adds the parts of the documents in list (null: every document) to set.
  Engine.prototype.partsOf = function (list, set) {
    var count = list === null ? this.n : list.length;
    for (var k = 0; k < count && set.size < this.partCount; k++) set.add(this.docs[list === null ? k : list[k]].part);
  };

  // wtf (docs/search.md "Score") of term t in the fields f; > 0 exactly when
  // t occurs in some field (rule 3).
  function weightedTf(f, t, ws) {
    return 10 * tf(f.id, t, ws) + 8 * tf(f.title, t, ws) + 5 * tf(f.tags, t, ws) +
      3 * tf(f.headings, t, ws) + tf(f.texts, t, ws);
  }

  // The documents (any status) in which term occurs in some field, ascending,
  // and its wtf in every document (0 where it does not occur). Cached per term:
  // while a query is typed, each keystroke adds or changes one term only.
  // With `partial`, documents whose match script has not loaded yet count
  // as not holding the term, readings are not looked at, and the answer is
  // not kept; what each document checked gave is (partialOccurrence), so
  // that each match script's documents are checked once while they arrive.
  Engine.prototype.occurrence = function (term, partial) {
    if (partial) return this.partialOccurrence(term);
    var got = this.occurCache.get(term);
    if (got) return got;
    var ws = startsWithWord(term);
    var c = this.candidates(term);
    var cand = c.all;
    var mayRead = null;   // documents whose readings may hold the term (null: all)
    if (c.readings !== null) {
      mayRead = new Uint8Array(this.n);
      for (var r = 0; r < c.readings.length; r++) mayRead[c.readings[r]] = 1;
    }
    var wtf = new Int32Array(this.n);
    var surface = new Uint8Array(this.n);
    var docs = [];
    var count = cand === null ? this.n : cand.length;
    var checked = this.partialCache.get(term);   // what a provisional answer found (the fields as written)
    for (var k = 0; k < count; k++) {
      var d = cand === null ? k : cand[k];
      if (d < 0 || d >= this.n) continue;
      var written = checked && checked.checked[d] ? checked.wtf[d] : weightedTf(this.field(d), term, ws);
      // docs/search.md "Readings": a reading counts like a word of the text.
      var w = written + (mayRead === null || mayRead[d] ? tf(this.readingsOf(d), term, ws) : 0);
      if (w > 0) { wtf[d] = w; surface[d] = written > 0 ? 1 : 0; docs.push(d); }
    }
    got = { docs: Int32Array.from(docs), wtf: wtf, surface: surface };
    if (this.occurCache.size >= 256) this.occurCache.clear();
    this.occurCache.set(term, got);
    return got;
  };

  Engine.prototype.partialOccurrence = function (term) {
    var st = this.partialCache.get(term);
    if (!st) {
      if (this.partialCache.size >= 64) this.partialCache.clear();
      st = { wtf: new Int32Array(this.n), surface: new Uint8Array(this.n), checked: new Uint8Array(this.n) };
      this.partialCache.set(term, st);
    }
    var ws = startsWithWord(term);
    var cand = this.keysLoaded(term) ? this.candidates(term).all : null;
    var count = cand === null ? this.n : cand.length;
    for (var k = 0; k < count; k++) {
      var d = cand === null ? k : cand[k];
      if (d < 0 || d >= this.n || st.checked[d] || this.entry('match', d) === undefined) continue;
      st.checked[d] = 1;
      var written = weightedTf(this.field(d), term, ws);
      if (written > 0) { st.wtf[d] = written; st.surface[d] = 1; }
    }
    var docs = [];
    if (cand === null) {
      for (var i = 0; i < this.n; i++) if (st.wtf[i] > 0) docs.push(i);
    } else {
      for (var j = 0; j < cand.length; j++) if (st.wtf[cand[j]] > 0) docs.push(cand[j]);
    }
    return { docs: Int32Array.from(docs), wtf: st.wtf, surface: st.surface };
  };

  Engine.prototype.search = function (query, options) {
    var includeObsolete = !!(options && options.includeObsolete);
    var terms = parseTerms(query);
    if (terms.length === 0 || this.n === 0) return [];
    // Not loaded yet: ask ensure() first. A provisional answer (`partial`)
    // checks by rule 3 the documents whose match scripts have loaded (the
    // candidates among them once the term's key shards are there too):
    // each result is sound, the list may lack some, and df (so the order)
    // counts only the documents checked. Readings are not looked at.
    var need = this.missing(terms);
    var partial = need.length > 0;
    if (partial && !(options && options.partial)) return null;
    var st = this.stats(includeObsolete);
    var N = st.count;
    var avglen = st.avglen;

    // Per term: the documents it occurs in (candidates from the index, each
    // checked by rule 2), df and idf; the matches are their intersection.
    var occ = new Array(terms.length);
    var idf = new Array(terms.length);
    var ws = new Array(terms.length);
    var matched = null;
    for (var t = 0; t < terms.length; t++) {
      occ[t] = this.occurrence(terms[t], partial);
      ws[t] = startsWithWord(terms[t]);
      var docs = occ[t].docs;
      var df = 0;
      for (var k = 0; k < docs.length; k++) if (!this.excluded(docs[k], includeObsolete)) df++;
      idf[t] = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      matched = intersect(matched, docs);
    }

    var results = [];
    var query_ = { engine: this, terms: terms, ws: ws };
    for (var m = 0; m < matched.length; m++) {
      var i = matched[m];
      if (this.excluded(i, includeObsolete)) continue;
      // contract: with avglen 0 (every text empty) len/avglen counts as 0.
      var ratio = avglen > 0 ? (this.docs[i].len || 0) / avglen : 0;
      var kk = 1.2 * (1 - 0.75 + 0.75 * ratio);
      var score = 0;
      var onSurface = true;
      for (t = 0; t < terms.length; t++) {
        var wtf = occ[t].wtf[i];
        score += idf[t] * wtf * (1.2 + 1) / (wtf + kk);
        if (!occ[t].surface[i]) onSurface = false;
      }
      results.push(new Result(query_, i, score, onSurface));
    }
    results.sort(compareResults);
    results.partial = partial;
    return results;
  };

  function isPartScript(name) { return /^(match|readings)-/.test(name); }

  function compareResults(a, b) {
    var x = a._state, y = b._state;
    if (x.rank !== y.rank) return x.rank - y.rank;
    // docs/search.md "Order": terms as written before terms found by reading.
    if (x.surface !== y.surface) return x.surface ? -1 : 1;
    if (x.key !== y.key) return y.key - x.key;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }

  // ------------------------------------------------------------ results

  // One result. heading, anchor and snippetHtml are own enumerable accessors
  // (so that JSON.stringify and Playwright's serialisation see them) that
  // compute the best section and the snippet when first read.
  function Result(query, i, score, onSurface) {
    var d = query.engine.docs[i];
    this.id = d.id;
    this.title = d.title;
    this.status = d.status;
    this.href = d.href;
    // contract: scores are compared, and reported, rounded to 6 decimals.
    var key = Math.round(score * 1e6);
    this.score = key / 1e6;
    Object.defineProperty(this, '_state', { value: { query: query, doc: i, rank: statusRank(d.status), surface: onSurface, key: key, best: -2, snippet: null } });
    Object.defineProperties(this, RESULT_ACCESSORS);
  }

  function bestOf(st) {
    if (st.best === -2) st.best = st.query.engine.bestSection(st.doc, st.query.terms, st.query.ws);
    return st.best;
  }

  // A section's original heading and anchor, from the match script.
  function shownSection(st, s) {
    var shown = st.query.engine.field(st.doc).shown[s];
    return Array.isArray(shown) ? shown : ['', ''];
  }

  var RESULT_ACCESSORS = {
    heading: {
      enumerable: true,
      get: function () {
        var st = this._state, s = bestOf(st);
        return s < 0 ? '' : String(shownSection(st, s)[0] || '');
      },
    },
    anchor: {
      enumerable: true,
      get: function () {
        var st = this._state, s = bestOf(st);
        return s < 0 ? '' : String(shownSection(st, s)[1] || '');
      },
    },
    // '' while the text script of the document's part is not loaded
    // (textMissing() names it; the page shows the snippet when it arrives).
    snippetHtml: {
      enumerable: true,
      get: function () {
        var st = this._state;
        if (st.snippet === null) {
          var s = bestOf(st), e = st.query.engine;
          if (s < 0) return (st.snippet = '');
          var texts = e.entry('text', st.doc);
          if (texts === undefined) return '';
          st.snippet = makeSnippet(String(texts[s] || ''), e.sectionText(st.doc, s), st.query.terms, st.query.ws);
        }
        return st.snippet;
      },
    },
  };

  // The text scripts that the results' snippets still need.
  function textMissing(results) {
    var out = [];
    var seen = new Set();
    for (var k = 0; k < results.length; k++) {
      var st = results[k]._state, e = st.query.engine, part = e.docs[st.doc].part;
      if (seen.has(part)) continue;
      seen.add(part);
      if (!loadedPart(PART_GLOBALS.text, part)) out.push(partScript('text', part));
    }
    return out;
  }

  // The normalised text of section s of document i.
  Engine.prototype.sectionText = function (i, s) {
    var f = this.field(i);
    return f.texts.slice(f.textStart[s], f.textStart[s + 1] - 1);
  };

  // docs/search.md "Best section": the largest Σ 3·tf(heading) + tf(text);
  // ties go to the earlier section. -1 when the document has no section.
  Engine.prototype.bestSection = function (i, terms, ws) {
    var f = this.field(i);
    var m = f.sections;
    var best = -1, bestValue = -1;
    for (var s = 0; s < m; s++) {
      var head = f.headings.slice(f.headStart[s], f.headStart[s + 1] - 1);
      var text = f.texts.slice(f.textStart[s], f.textStart[s + 1] - 1);
      var v = 0;
      for (var t = 0; t < terms.length; t++) {
        v += 3 * tf(head, terms[t], ws[t]) + tf(text, terms[t], ws[t]);
      }
      if (v > bestValue) { best = s; bestValue = v; }
    }
    return best;
  };

  // ------------------------------------------------------------ snippet

  var SNIPPET_BEFORE = 40;   // code points before the first occurrence, at most
  var SNIPPET_LENGTH = 120;  // code points in all, about

  // Characters that NFKC may compose with what precedes them: they stay in the
  // same chunk as the code point before, so each chunk normalises on its own.
  function attaches(cp) {
    return (cp >= 0x0300 && cp <= 0x036f) || cp === 0x3099 || cp === 0x309a ||
      cp === 0xff9e || cp === 0xff9f || (cp >= 0x1160 && cp <= 0x11ff) ||
      (cp >= 0xd7b0 && cp <= 0xd7ff) || (cp >= 0x200c && cp <= 0x200d) ||
      (cp > 0x036f && cp < 0x10000 && COMBINING_RE.test(String.fromCharCode(cp))) ||
      (cp >= 0x10000 && COMBINING_RE.test(String.fromCodePoint(cp)));
  }
  var COMBINING_RE = /^\p{M}$/u;
  var chunkMemo = new Map();

  function normChunk(c) {
    var v = chunkMemo.get(c);
    if (v === undefined) {
      v = norm(c);
      if (chunkMemo.size > 20000) chunkMemo.clear();
      chunkMemo.set(c, v);
    }
    return v;
  }

  var ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  // Where each chunk of the original text starts: in the original (oStart,
  // UTF-16), in the normalised text (nStart) and in code points (cpIndex);
  // index `chunks` holds the ends. A chunk is a code point with the marks
  // that compose with it; ntext is the chunks' normalisations joined.
  function chunkMap(text) {
    var oStart = [], nStart = [], cpIndex = [], parts = [];
    var np = 0, cpCount = 0, i = 0, len = text.length;
    var longVowels = text.normalize('NFKC').indexOf(LONG_VOWEL) !== -1 ? [] : null;
    while (i < len) {
      var start = i;
      var cp = text.codePointAt(i);
      i += cp > 0xffff ? 2 : 1;
      var cps = 1;
      while (i < len) {
        var next = text.codePointAt(i);
        if (!attaches(next)) break;
        i += next > 0xffff ? 2 : 1;
        cps++;
      }
      var nc = normChunk(text.slice(start, i));
      oStart.push(start);
      cpIndex.push(cpCount);
      parts.push(nc);
      if (longVowels) longVowels.push(text.slice(start, i).normalize('NFKC'));
      cpCount += cps;
    }
    if (longVowels) dropChunkLongVowels(longVowels, parts);
    for (var c = 0; c < parts.length; c++) {
      nStart.push(np);
      np += parts[c].length;
    }
    var chunks = oStart.length;
    oStart.push(len);
    nStart.push(np);
    cpIndex.push(cpCount);
    return { ntext: parts.join(''), oStart: oStart, nStart: nStart, cpIndex: cpIndex, chunks: chunks };
  }

  // Empties the chunks that are final long vowels of katakana words, as
  // norm() leaves them out: `folded` holds each chunk after NFKC only.
  var KATAKANA_CHUNK = /^\p{Script=Katakana}$/u;
  function dropChunkLongVowels(folded, parts) {
    var k = 0, n = folded.length;
    function isRun(j) { return folded[j] === LONG_VOWEL || KATAKANA_CHUNK.test(folded[j]); }
    while (k < n) {
      if (!isRun(k)) { k++; continue; }
      var end = k;
      while (end < n && isRun(end)) end++;
      var drop = finalLongVowels(folded.slice(k, end));
      for (var d = end - drop; d < end; d++) parts[d] = '';
      k = end;
    }
  }

  // A simple text (see isSimpleUnit): one chunk per code unit, same positions.
  function identityMap(text, ntext) {
    var n = text.length;
    var pos = new Int32Array(n + 1);
    for (var i = 0; i <= n; i++) pos[i] = i;
    return { ntext: ntext, oStart: pos, nStart: pos, cpIndex: pos, chunks: n };
  }

  // The snippet of a section's text (docs/search.md "Best section"). contract
  // (display only, not compared between the engines): the window starts up to
  // SNIPPET_BEFORE code points before the first occurrence of any term (at
  // the text's start when none occurs) and ends SNIPPET_LENGTH code points
  // after its start, or at the end of that first occurrence if later; "…"
  // marks a cut; every occurrence of every term inside it is in <mark>
  // (overlapping ones merged). Occurrences are found in the normalised text
  // and mapped back to the original through chunkMap(), whose chunks are
  // normalised one by one (memoised), or one to one for a simple text.
  function makeSnippet(text, ntext, terms, ws, whole) {
    if (text === '') return '';
    var map = ntext.length === text.length && isSimpleText(text) ? identityMap(text, ntext) : chunkMap(text);
    var oStart = map.oStart, nStart = map.nStart, cpIndex = map.cpIndex, chunks = map.chunks;

    // The chunk containing normalised offset p (the last chunk starting at or before p).
    function chunkAt(p) {
      var lo = 0, hi = chunks - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >>> 1;
        if (nStart[mid] <= p) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    // Occurrences as chunk ranges [first chunk, end chunk), merged.
    var raw = [];
    for (var t = 0; t < terms.length; t++) occurrences(map.ntext, terms[t], ws[t], raw);
    var spans = [];
    for (var r = 0; r < raw.length; r += 2) spans.push([chunkAt(raw[r]), chunkAt(raw[r + 1] - 1) + 1]);
    spans.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var merged = [];
    for (var s = 0; s < spans.length; s++) {
      var last = merged[merged.length - 1];
      if (last && spans[s][0] <= last[1]) { if (spans[s][1] > last[1]) last[1] = spans[s][1]; }
      else merged.push([spans[s][0], spans[s][1]]);
    }

    // The window [from, to) in chunks.
    if (whole) return markedHtml(text, oStart, merged, 0, chunks, false);
    var firstChunk = merged.length ? merged[0][0] : 0;
    var firstEnd = merged.length ? merged[0][1] : 0;
    var fromCp = Math.max(0, cpIndex[firstChunk] - SNIPPET_BEFORE);
    var from = firstChunk;
    while (from > 0 && cpIndex[from - 1] >= fromCp) from--;
    var toCp = Math.max(cpIndex[from] + SNIPPET_LENGTH, cpIndex[firstEnd]);
    var to = firstEnd;
    while (to < chunks && cpIndex[to + 1] <= toCp) to++;

    return markedHtml(text, oStart, merged, from, to, true);
  }

  // text's chunks [from, to) as HTML, the merged spans in <mark>, "…" at cuts.
  function markedHtml(text, oStart, merged, from, to, ellipses) {
    var chunks = oStart.length - 1;
    var html = ellipses && from > 0 ? '…' : '';
    var pos = from;
    for (var g = 0; g < merged.length; g++) {
      var ma = Math.max(merged[g][0], from), mb = Math.min(merged[g][1], to);
      if (mb <= ma) continue;
      html += escapeHtml(text.slice(oStart[pos], oStart[ma]));
      html += '<mark>' + escapeHtml(text.slice(oStart[ma], oStart[mb])) + '</mark>';
      pos = mb;
    }
    if (pos < to) html += escapeHtml(text.slice(oStart[pos], oStart[to]));
    if (ellipses && to < chunks) html += '…';
    return html;
  }

  // A short text (a title, a heading) as HTML with every occurrence of the
  // result's terms in <mark>; for display only.
  function highlight(result, text) {
    var q = result._state.query;
    return text ? makeSnippet(text, norm(text), q.terms, q.ws, true) : '';
  }

  // ------------------------------------------------------------ public API

  // docs/search.md "Index files": index.js (in the page) names the numbers
  // of key shards and parts; docs.js lists the documents. The engine exists
  // once docs.js has run; what else a query needs is loaded on demand.
  function indexInfo() {
    var index = window.tebikiSearchIndex;
    if (!index || typeof index !== 'object' || index.version !== 5) return null;
    if (!(index.keys > 0) || !(index.parts > 0)) return null;
    return index;
  }

  var engine = null;
  function getEngine() {
    if (engine) return engine;
    var index = indexInfo();
    var docs = window.tebikiSearchDocs;
    if (!index || !Array.isArray(docs)) return null;
    engine = new Engine(index, docs);
    return engine;
  }

  // Every script of the index, in the order the idle prefetch loads them.
  function allScripts() {
    var index = indexInfo();
    if (!index) return [];
    var out = ['docs.js'];
    for (var s = 0; s < index.keys; s++) out.push(keysScript(s));
    ['match', 'readings', 'text'].forEach(function (kind) {
      for (var p = 0; p < index.parts; p++) out.push(partScript(kind, p));
    });
    return out;
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }
  function keysScript(shard) { return 'keys-' + two(shard) + '.js'; }
  function partScript(kind, part) { return kind + '-' + two(part) + '.js'; }

  // Whether a script's data is there (it ran, and set what it should).
  function scriptLoaded(name) {
    if (name === 'docs.js') return Array.isArray(window.tebikiSearchDocs);
    var m = /^(keys|match|readings|text)-(\d+)\.js$/.exec(name);
    if (!m) return false;
    var n = parseInt(m[2], 10);
    return m[1] === 'keys' ? !!loadedKeys(n) : !!loadedPart(PART_GLOBALS[m[1]], n);
  }

  var api = {
    // true once the whole index has loaded (the idle prefetch does that).
    get ready() {
      if (!getEngine()) return false;
      var all = allScripts();
      for (var i = 0; i < all.length; i++) if (!scriptLoaded(all[i])) return false;
      return true;
    },
    // Results, best first; [] when the scripts the query needs are not all
    // loaded yet (ensure() loads them).
    // options.partial: a provisional answer while match scripts load (see
    // Engine.prototype.search); the array then has partial = true.
    search: function (query, options) {
      var e = getEngine();
      var r = e ? e.search(query, options) : [];
      return r || [];
    },
    // Loads what the query needs and calls done(null), or done(name of
    // the first script that could not be loaded).
    ensure: function (query, done) { ensure(parseTerms(query), done); },
    norm: norm,
    terms: parseTerms,
    escapeHtml: escapeHtml,
    _engine: getEngine,   // for the benchmark and tests: the engine and its caches
    _normLength: normLength,
  };
  window.tebikiSearch = api;

  // ------------------------------------------------------------ loading the index

  // Script tags (fetch() is blocked on file://), added next to this script's
  // own URL; each script is asked for once, and its waiters called when it
  // has run (ok) or failed.
  var SCRIPT_SRC = document.currentScript ? document.currentScript.src : '';
  var scriptState = new Map();   // name → {done: false|true, ok, waiters}

  function loadScript(name, then) {
    var st = scriptState.get(name);
    if (!st) {
      st = { done: false, ok: false, waiters: [] };
      scriptState.set(name, st);
      if (scriptLoaded(name)) {
        st.done = true;
        st.ok = true;
      } else if (!SCRIPT_SRC) {
        st.done = true;
      } else {
        var script = document.createElement('script');
        script.src = new URL('../search/' + name, SCRIPT_SRC).href;
        var finish = function () {
          st.done = true;
          st.ok = scriptLoaded(name);
          var waiters = st.waiters;
          st.waiters = [];
          for (var i = 0; i < waiters.length; i++) waiters[i](st.ok);
        };
        script.onload = finish;
        script.onerror = finish;
        document.head.appendChild(script);
      }
    }
    if (st.done) then(st.ok);
    else st.waiters.push(then);
  }

  // Loads the named scripts side by side; done(null) when all ran, or
  // done(the first name that failed). each(), if given, is called after
  // each script that ran while others are still to come.
  function loadScripts(names, done, each) {
    var pending = names.length, failed = null;
    if (pending === 0) { done(null); return; }
    names.forEach(function (name) {
      loadScript(name, function (ok) {
        if (!ok && failed === null) failed = name;
        if (--pending === 0) done(failed);
        else if (ok && each) each(name);
      });
    });
  }

  // Loads what the terms need, round by round (docs.js; then the key
  // shards; then the candidates' match and readings scripts), and calls
  // done(null) once the engine can answer them, or done(failed script);
  // progress(), if given, after each match or readings script of the last
  // round that leaves others to come (a provisional answer may be shown).
  function ensure(terms, done, progress) {
    var index = indexInfo();
    if (!index) { done('index.js'); return; }
    // The key shards depend on the terms alone: asked for with docs.js.
    var first = ['docs.js'];
    var shards = new Set();
    for (var t = 0; t < terms.length; t++) shardsOfTerm(terms[t], index.keys, shards);
    shards.forEach(function (s) { first.push(keysScript(s)); });
    loadScripts(first, function (failed) {
      var e = failed ? null : getEngine();
      if (!e) { done(failed || 'docs.js'); return; }
      (function round() {
        var need = e.missing(terms);
        if (need.length === 0) { done(null); return; }
        // The match scripts that came before the key shards may already
        // answer part of the query.
        if (progress && need.every(isPartScript)) progress();
        loadScripts(need, function (failedPart) {
          if (failedPart) done(failedPart);
          else round();
        }, progress);
      })();
    });
  }

  // When the page has loaded and the browser is idle, the rest of the index,
  // one script at a time (a query typed meanwhile waits for one script at
  // most); then every later query is answered at once.
  // Sites of at most this many documents load every key shard and readings
  // script on focus (window.tebikiSearchSmallSite overrides it: tests).
  var SMALL_SITE_DOCUMENTS = 400;

  // Told, while a match script runs (window.tebikiSearchMatch[part] = …),
  // that its part has arrived: script tasks run back to back when many
  // arrive at once, and their load events and the query's timer wait behind
  // them all, so a first page shown from here comes a few hundred
  // milliseconds sooner on a slow PC (the search box sets it).
  var onMatchArrived = null;
  function watchMatchScripts(parts) {
    var holder = window.tebikiSearchMatch || {};
    window.tebikiSearchMatch = holder;
    for (var p = 0; p < parts; p++) {
      if (hasOwn.call(holder, p)) continue;
      (function (part) {
        var value;
        Object.defineProperty(holder, part, {
          configurable: true,
          enumerable: true,
          get: function () { return value; },
          set: function (v) {
            value = v;
            try { if (onMatchArrived) onMatchArrived(part); } catch (err) { /* the script's data is kept whatever happens */ }
          },
        });
      })(p);
    }
  }

  function prefetchWhenIdle() {
    var idle = window.requestIdleCallback || function (cb) { return setTimeout(cb, 50); };
    var queue = null;
    function next() {
      if (queue === null) queue = allScripts();
      if (queue.length === 0) return;
      loadScript(queue.shift(), function () { idle(next); });
    }
    if (document.readyState === 'complete') idle(next);
    else window.addEventListener('load', function () { idle(next); });
    var input = document.getElementById('tebiki-search-input');
    if (input) {
      // As soon as the reader turns to the box: docs.js and the match
      // scripts, side by side. Nearly every query has candidates in every
      // part, and each round of script tags costs a file read and a task
      // (tens of milliseconds even for small files), so they are asked for
      // before the first keystroke rather than after its key shards.
      var now = function () {
        var index = indexInfo();
        if (!index) return;
        var names = ['docs.js'];
        for (var p = 0; p < index.parts; p++) names.push(partScript('match', p));
        watchMatchScripts(index.parts);
        names.forEach(function (name) { loadScript(name, function () {}); });
        // A small site's whole index costs less than the rounds a query
        // would wait for: its key shards and readings come at once too.
        loadScript('docs.js', function (ok) {
          var small = typeof window.tebikiSearchSmallSite === 'number' ? window.tebikiSearchSmallSite : SMALL_SITE_DOCUMENTS;
          if (!ok || window.tebikiSearchDocs.length > small) return;
          for (var s = 0; s < index.keys; s++) loadScript(keysScript(s), function () {});
          for (var r = 0; r < index.parts; r++) loadScript(partScript('readings', r), function () {});
        });
      };
      input.addEventListener('focus', now);
      input.addEventListener('pointerdown', now);
    }
  }

  // ------------------------------------------------------------ the page

  var STATUS_LABEL = { approved: '承認済', review: 'レビュー中', draft: '下書き', obsolete: '廃止' };
  var PAGE_SIZE = 50;
  var FIRST_PAINT = 10;
  var DEBOUNCE_MS = 50;
  var HINT = '該当する文書がありません。語を減らす、ひらがな・カタカナを変える、別の言い方を試してください。';

  // What the reader is told when a script of the index cannot be loaded.
  function unreadable(name) {
    return '検索索引の一部（search/' + name + '）を読み込めませんでした。この端末の文書集が壊れているおそれがあります。' +
      '文書一覧から探し、情報システムの担当者に連絡してください。';
  }

  function isEditable(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (tag === 'INPUT') {
      var type = (el.getAttribute('type') || 'text').toLowerCase();
      return ['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range', 'color'].indexOf(type) === -1;
    }
    return false;
  }

  function encodeFragment(anchor) {
    return encodeURIComponent(anchor);
  }

  function setUp() {
    var box = document.getElementById('tebiki-search');
    if (!box) return;
    var form = box.querySelector('form');
    var input = document.getElementById('tebiki-search-input');
    var obsolete = document.getElementById('tebiki-search-obsolete');
    var panel = document.getElementById('tebiki-search-panel');
    var status = document.getElementById('tebiki-search-status');
    var list = document.getElementById('tebiki-search-results');
    var more = document.getElementById('tebiki-search-more');
    if (!form || !input || !panel || !status || !list) return;
    var root = box.getAttribute('data-root') || '';

    var results = [];
    var shown = 0;
    var selected = -1;
    var timer = 0;
    var lastQuery = null;
    var lastObsolete = null;

    function open() {
      if (!panel.hidden) return;
      panel.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    function close() {
      panel.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      select(-1);
    }

    function resultUrl(r) {
      return root + r.href + (r.anchor ? '#' + encodeFragment(r.anchor) : '');
    }

    function renderItem(r, k) {
      var label = hasOwn.call(STATUS_LABEL, r.status) ? STATUS_LABEL[r.status] : r.status;
      var badge = hasOwn.call(STATUS_LABEL, r.status) ? r.status : 'draft';
      var heading = r.heading;
      return '<li class="search-result" role="option" aria-selected="false" id="tebiki-search-option-' + k + '">' +
        '<a class="search-result-link" tabindex="-1" href="' + escapeHtml(resultUrl(r)) + '">' +
        '<span class="search-result-meta"><span class="search-result-id">' + escapeHtml(r.id) + '</span>' +
        '<span class="badge badge-' + escapeHtml(badge) + '">' + escapeHtml(label) + '</span></span>' +
        '<span class="search-result-title">' + highlight(r, r.title) + '</span>' +
        (heading ? '<span class="search-result-heading">' + highlight(r, heading) + '</span>' : '') +
        (r.snippetHtml ? '<span class="search-result-snippet">' + r.snippetHtml + '</span>' : '') +
        '</a></li>';
    }

    function renderMore(count) {
      var html = '';
      var end = Math.min(results.length, shown + (count || PAGE_SIZE));
      for (var k = shown; k < end; k++) html += renderItem(results[k], k);
      list.insertAdjacentHTML('beforeend', html);
      shown = end;
      if (more) {
        more.hidden = shown >= results.length;
        more.textContent = 'さらに表示（残り' + (results.length - shown) + '件）';
      }
    }

    // A run's number: scripts that arrive for an older query are not its answer.
    var generation = 0;

    function run() {
      timer = 0;
      var q = input.value;
      var inc = !!(obsolete && obsolete.checked);
      if (q === lastQuery && inc === lastObsolete) return;
      // A provisional first page of this query shown already (as a match
      // script ran) stays while the rest loads.
      var e0 = getEngine(), terms0 = parseTerms(q);
      if (provisional && provisionalFor === q + '\u0000' + inc && terms0.length && (!e0 || e0.missing(terms0).length)) {
        lastQuery = q;
        lastObsolete = inc;
        var mine0 = ++generation;
        ensure(terms0, function (failed) {
          if (mine0 !== generation) return;
          if (failed) { status.textContent = unreadable(failed); return; }
          lastQuery = null;
          run();
        });
        return;
      }
      // The complete answer to a query shown provisionally keeps the
      // reader's place (see below).
      var wasProvisional = provisional && provisionalFor === q + '\u0000' + inc ? Math.max(provisional, shown) : 0;
      var keepId = wasProvisional && selected >= 0 && results[selected] ? results[selected].id : null;
      var keepScroll = list.scrollTop;
      provisional = 0;
      lastQuery = q;
      lastObsolete = inc;
      select(-1);
      list.innerHTML = '';
      shown = 0;
      if (more) more.hidden = true;
      var terms = parseTerms(q);
      if (terms.length === 0) {
        results = [];
        status.textContent = '';
        close();
        return;
      }
      open();
      var mine = ++generation;
      var e = getEngine();
      if (!e || e.missing(terms).length) {
        // Only the scripts this query needs (docs/search.md "Loading").
        results = [];
        status.textContent = '検索索引を読み込んでいます…';
        ensure(terms, function (failed) {
          if (mine !== generation) return;   // a later query took over
          if (failed) { status.textContent = unreadable(failed); return; }
          lastQuery = null;
          run();
        }, function () {
          if (mine === generation) showProvisional(q, inc);
        });
        // The match scripts asked for when the reader turned to the box
        // may answer part of the query before its key shards are there.
        var index = indexInfo();
        for (var p = 0; index && p < index.parts; p++) {
          loadScript(partScript('match', p), function (ok) {
            if (ok && mine === generation && getEngine()) showProvisional(q, inc);
          });
        }
        return;
      }
      results = api.search(q, { includeObsolete: inc });
      if (results.length === 0) {
        var extra = '';
        if (!inc) {
          var withObsolete = api.search(q, { includeObsolete: true }).length;
          if (withObsolete > 0) extra = '（「廃止文書も含める」を選ぶと、廃止文書が' + withObsolete + '件見つかります。）';
        }
        status.innerHTML = '<span class="search-count">0件</span> <span class="search-hint">' + escapeHtml(HINT + extra) + '</span>';
        return;
      }
      status.innerHTML = '<span class="search-count">' + results.length + '件</span>';
      // The first few at once, the rest of the first page in the next task:
      // the reader sees results as soon as the search is done. A complete
      // list that replaces a provisional one keeps the reader's place: as
      // many results shown, the scroll, the result selected.
      renderMore(Math.max(FIRST_PAINT, wasProvisional));
      if (wasProvisional) {
        list.scrollTop = keepScroll;
        for (var k = 0; keepId !== null && k < shown; k++) if (results[k].id === keepId) { select(k); break; }
      }
      setTimeout(function () {
        if (mine !== generation) return;
        if (shown < PAGE_SIZE && shown < results.length) renderMore(PAGE_SIZE - shown);
        fillSnippets(mine);
      }, 0);
    }

    // While the match scripts of a query's candidates arrive: the results
    // among the documents already checked, ranked among themselves, shown
    // once there are enough for a first page (or when no more will come
    // soon); the complete list (run()) then takes their place.
    // `provisional` is the number of them shown (0: none).
    var provisional = 0;
    var provisionalFor = '';   // its query and checkbox
    var PROVISIONAL_ENOUGH = 10;   // window.tebikiSearchProvisionalEnough overrides it (tests)
    var PROVISIONAL_SCAN_DOCUMENTS = 100;
    function loadedMatchDocuments(e) {
      var count = 0;
      for (var p = 0; p < e.partCount; p++) {
        if (loadedPart(PART_GLOBALS.match, p)) count += e.partBase[p + 1] - e.partBase[p];
      }
      return count;
    }
    function showProvisional(q, inc) {
      if (provisional || q !== input.value || inc !== !!(obsolete && obsolete.checked)) return;
      // Before the key shards, every document of the parts loaded is
      // checked: worth it for the first hundred or so only (a query with few
      // results then waits for its candidates).
      var e = getEngine();
      var terms = parseTerms(q);
      var keysThere = !!e && terms.every(function (t) { return e.keysLoaded(t); });
      if (!e || (!keysThere && loadedMatchDocuments(e) > PROVISIONAL_SCAN_DOCUMENTS)) return;
      var enough = typeof window.tebikiSearchProvisionalEnough === 'number' ? window.tebikiSearchProvisionalEnough : PROVISIONAL_ENOUGH;
      var found = api.search(q, { includeObsolete: inc, partial: true });
      if (!found || !found.partial || found.length < enough) return;
      results = found;
      select(-1);
      list.innerHTML = '';
      shown = 0;
      open();
      status.innerHTML = '<span class="search-count">' + found.length + '件以上</span> ' +
        '<span class="search-hint">残りの文書を確認しています。順番が変わることがあります。</span>';
      renderMore(FIRST_PAINT);
      provisional = shown;
      provisionalFor = q + '\u0000' + inc;
    }

    // The results shown come first; their snippets follow when the text
    // scripts of their parts have loaded.
    function fillSnippets(mine) {
      var need = textMissing(results.slice(0, shown));
      if (need.length === 0) return;
      loadScripts(need, function (failed) {
        if (mine !== generation) return;
        if (failed) {
          status.insertAdjacentHTML('beforeend', ' <span class="search-hint">' +
            escapeHtml('（本文の抜粋を表示できません。' + unreadable(failed) + '）') + '</span>');
          return;
        }
        var keep = selected, count = shown;
        list.innerHTML = '';
        shown = 0;
        renderMore(count);
        select(keep);
        fillSnippets(mine);
      });
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
      // A first page may come from a match script that runs before the
      // pause is over (onMatchArrived): for the query as typed now.
      var typed = input.value, typedObsolete = !!(obsolete && obsolete.checked);
      if (provisionalFor !== typed + '\u0000' + typedObsolete) provisional = 0;
      onMatchArrived = function () {
        if (parseTerms(typed).length && getEngine()) showProvisional(typed, typedObsolete);
      };
      // The key shards of what is typed are asked for now, not after the
      // pause that waits for the next keystroke.
      var index = indexInfo();
      if (index) {
        var shards = new Set(), terms = parseTerms(input.value);
        for (var t = 0; t < terms.length; t++) shardsOfTerm(terms[t], index.keys, shards);
        shards.forEach(function (s) { loadScript(keysScript(s), function () {}); });
      }
    }

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function select(k) {
      var opts = options();
      if (selected >= 0 && opts[selected]) {
        opts[selected].setAttribute('aria-selected', 'false');
        opts[selected].classList.remove('is-selected');
      }
      selected = k;
      if (k >= 0 && opts[k]) {
        opts[k].setAttribute('aria-selected', 'true');
        opts[k].classList.add('is-selected');
        input.setAttribute('aria-activedescendant', opts[k].id);
        if (opts[k].scrollIntoView) opts[k].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function go(k) {
      var opts = options();
      var link = opts[k] && opts[k].querySelector('a');
      if (!link) return;
      close();
      window.location.href = link.href;
    }

    input.addEventListener('input', schedule);
    if (obsolete) obsolete.addEventListener('change', function () { if (timer) clearTimeout(timer); run(); });
    input.addEventListener('focus', function () {
      if (results.length || (lastQuery && parseTerms(lastQuery).length)) open();
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (timer) { clearTimeout(timer); run(); }
      if (results.length) go(selected >= 0 ? selected : 0);
    });
    if (more) {
      more.addEventListener('click', function () { renderMore(); fillSnippets(generation); input.focus(); });
    }
    panel.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { ev.preventDefault(); input.focus(); close(); }
    });

    input.addEventListener('keydown', function (ev) {
      if (ev.isComposing || ev.keyCode === 229) return;   // the IME has the keys
      var key = ev.key;
      if (key === 'ArrowDown' || key === 'ArrowUp') {
        if (timer) { clearTimeout(timer); run(); }
        if (!results.length) return;
        ev.preventDefault();
        open();
        var k = selected + (key === 'ArrowDown' ? 1 : -1);
        if (k >= shown && shown < results.length && key === 'ArrowDown') { renderMore(); fillSnippets(generation); }
        if (k >= shown) k = shown - 1;
        if (k < -1) k = -1;
        select(k);
      } else if (key === 'Enter') {
        ev.preventDefault();
        if (timer) { clearTimeout(timer); run(); }
        if (results.length) go(selected >= 0 ? selected : 0);
      } else if (key === 'Escape') {
        ev.preventDefault();
        if (!panel.hidden) close();
        else if (input.value !== '') { input.value = ''; run(); }
        else input.blur();
      }
    });

    list.addEventListener('mousemove', function (ev) {
      var li = ev.target.closest && ev.target.closest('[role="option"]');
      if (!li) return;
      var k = Array.prototype.indexOf.call(options(), li);
      if (k !== selected) select(k);
    });
    list.addEventListener('click', function (ev) {
      var a = ev.target.closest && ev.target.closest('a');
      if (a) close();
    });

    document.addEventListener('keydown', function (ev) {
      if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
      if (isEditable(ev.target)) return;
      ev.preventDefault();
      input.focus();
      input.select();
    });

    document.addEventListener('mousedown', function (ev) {
      if (panel.hidden || box.contains(ev.target)) return;
      close();
    });
    document.addEventListener('focusin', function (ev) {
      if (!panel.hidden && !box.contains(ev.target)) close();
    });

    // A query left in the box (the browser restores it on "back") is answered again.
    if (input.value && document.activeElement === input) schedule();
  }

  function start() {
    setUp();
    prefetchWhenIdle();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
