"""Each service's account in the studio: the Services page (connections, the platform's tier,
credits, history, GPU and queue), the status bar's credit balance, and the History browser."""
