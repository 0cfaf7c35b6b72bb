"""Feed subscriptions: the core that the ``reader feeds`` commands and the app share.

* :mod:`.fetch` — one HTTP fetch, conditional, limited and recorded;
* :mod:`.update` — updating subscribed feeds into articles;
* :mod:`.subscribe` — adding a subscription under a name.
"""
