"""The Plans screen: the items of every engagement plan."""
