// Server-sent events read from a fetch() body (EventSource cannot POST): one parser for chat and call.
(function () {
  "use strict";
  // Feed it the buffer so far; it calls onEvent(event, data) for each complete event and returns the rest.
  window.SimSSE = {
    parseEvents: function (buffer, onEvent) {
      let idx;
      while ((idx = buffer.indexOf("\n\n")) >= 0) {
        const chunk = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        let event = "message";
        let data = "";
        chunk.split("\n").forEach(function (line) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        });
        if (data) onEvent(event, JSON.parse(data));
      }
      return buffer;
    },
  };
})();
