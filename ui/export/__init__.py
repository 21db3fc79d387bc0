"""Export dialog (the film, on this computer or through a service) and the take editor."""
