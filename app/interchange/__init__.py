"""Moving work in and out of Reelroom: OTIO and CMX 3600 EDL timelines for editing software,
and `.reelroom` bundles that carry a whole project with its media to another machine."""
