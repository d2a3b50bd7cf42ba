import ConnectionCatalog
print("conncat")
