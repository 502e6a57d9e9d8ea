"""``nmo-feed serve``: a preview of the site on this machine, rebuilt as the show is edited.

The preview is built by the same incremental build as ``build``, into a folder of its own in
the build cache (never ``out/``); a watcher rebuilds it when a file of the show or a template
changes, and open pages reload themselves after each rebuild. The reload script and the
"Draft" labels are added to pages as they are served, never written into the build.
"""
