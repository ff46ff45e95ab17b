/* netsim: map the anywidget module before any widget asks for it.
   anywidget's classic extension (nbextensions/anywidget/extension.js) sets this map
   once it has loaded; a widget created before that (a slow server, a busy machine)
   made the widget loader fall back to cdn.jsdelivr.net, and offline the workshop's
   network picture broke. Solara includes this file before require.js, which reads
   a global `require` object as its first configuration. */
var require = { map: { "*": { anywidget: "nbextensions/anywidget/index" } } };
