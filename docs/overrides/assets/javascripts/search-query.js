/* A pasted error message is text, not a query. Material hands the search box's words to lunr, where
 * quotes make every word between them required ('Input 0 of layer "sequential"': the reader's own
 * layer name, on no page, so nothing matches), "-1" excludes every page with a 1, "word:" names a
 * field, and "~", "^" and "*" are operators. Those characters become spaces before the query reaches
 * the search worker (Material posts it as {type: 2, data: text}; the iframe stand-in under file://
 * is reached through the same Worker.prototype). So does a lone 0 ("Input 0 of layer"): lunr fails
 * on it ("Invalid query: 0") and the whole search then lists nothing. */
(function () {
  var QUERY = 2
  var SYNTAX = /["\u201c\u201d+\-~^*:]/g
  var LONE_ZERO = /(^|[^\w.])0+(?![\w.])/g
  var post = Worker.prototype.postMessage
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      arguments[0] = Object.assign({}, message, { data: message.data.replace(SYNTAX, " ").replace(LONE_ZERO, "$1 ") })
    }
    return post.apply(this, arguments)
  }
})()
