"""negotiation/protocols"""
