print("scencat")
