"""Each service's own history, as a list the studio can search, preview and bring in as takes
(`service.RemoteHistory`); `items` is the uniform row, `sources` reads each service, and
`importer` turns a remote result into a take without a new job."""
